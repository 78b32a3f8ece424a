"""One single-run range over three partitions records each partition's own truth.

The sample lake's yunnan run covers yunnan|2018 … yunnan|2020 in one run (BackfillPolicy
single_run): 2018 holds 云南省人民政府's legacy report, 2020 武定县's 2019-format report,
and 2019 nothing. The run's materialization and check events are read back from the real
instance, partition by partition, and compared with figures written out by hand.
"""

import dagster as dg

from govlake.defs.runner import failed_check_line

RANGE = ("dagster/asset_partition_range_start", "dagster/asset_partition_range_end")


def _range_run(instance, summary):
    (run_id,) = [r for r in summary.runs
                 if tuple(instance.get_run_by_id(r).tags.get(t) for t in RANGE)
                 == ("yunnan|2018", "yunnan|2020")]
    return run_id


def _materializations(instance, run_id, asset: str) -> dict[str, dict]:
    out = {}
    for entry in instance.all_logs(run_id, of_type=dg.DagsterEventType.ASSET_MATERIALIZATION):
        mat = entry.asset_materialization
        if mat.asset_key == dg.AssetKey(asset):
            assert mat.partition not in out, f"two materializations of {asset} {mat.partition}"
            out[mat.partition] = {k: getattr(v, "value", v) for k, v in mat.metadata.items()}
    return out


def _checks(instance, run_id, check: str) -> dict[str, object]:
    out = {}
    for entry in instance.all_logs(run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION):
        ev = entry.dagster_event.event_specific_data
        if ev.check_name == check:
            out[ev.partition] = ev
    return out


def test_each_partition_of_the_range_carries_its_own_figures(sample_lake, dagster_instance):
    _, summary = sample_lake
    run_id = _range_run(dagster_instance, summary)
    reports = _materializations(dagster_instance, run_id, "reports")
    assert set(reports) == {"yunnan|2018", "yunnan|2019", "yunnan|2020"}
    y18, y19, y20 = reports["yunnan|2018"], reports["yunnan|2019"], reports["yunnan|2020"]
    assert (y18["rows"], y18["parsed_ok"], y18["partial"], y18["failed"], y18["spam"]) == \
        (1, 1, 0, 0, 1)
    assert "云南省人民政府" in y18["preview"] and "武定县" not in y18["preview"]
    assert (y20["rows"], y20["parsed_ok"], y20["spam"]) == (1, 1, 1)
    assert "武定县人民政府" in y20["preview"] and "云南省人民政府" not in y20["preview"]
    # the empty year says so, with no one else's numbers or report
    assert (y19["rows"], y19["dagster/row_count"], y19["parsed_ok"], y19["spam"]) == (0, 0, 0, 0)
    assert y19["status"].startswith("no data")
    assert y19["preview"] == "_(no rows)_"
    # what every partition shares is only the range that built it
    assert y19["run_range"] == "yunnan|2018 … yunnan|2020 (3 partitions, one run)"


def test_fact_and_raw_rows_are_per_partition(sample_lake, dagster_instance):
    _, summary = sample_lake
    run_id = _range_run(dagster_instance, summary)
    apps = _materializations(dagster_instance, run_id, "applications")
    # 云南省 2018 is a legacy report: its three 依申请公开 figures (3605 received, 1240
    # granted, 146 partly) are the only application rows; 武定县 2020 has the full grid
    assert {p: m["rows"] for p, m in apps.items()} == \
        {"yunnan|2018": 3, "yunnan|2019": 0, "yunnan|2020": 161}
    raw = _materializations(dagster_instance, run_id, "raw_snapshots")
    assert {p: (m["snapshots"], m["bytes"]) for p, m in raw.items()} == {
        "yunnan|2018": (1, 54013), "yunnan|2019": (0, 0), "yunnan|2020": (1, 30578)}
    assert "yunnan\\|2020" in raw["yunnan|2020"]["preview"]
    assert "yunnan\\|2020" not in raw["yunnan|2018"]["preview"]
    cleaned = _materializations(dagster_instance, run_id, "cleaned_reports")
    assert {p: (m["reports"], m["contaminated"]) for p, m in cleaned.items()} == {
        "yunnan|2018": (1, 1), "yunnan|2019": (0, 0), "yunnan|2020": (1, 1)}


def test_checks_are_evaluated_per_partition_with_severity_and_figures(sample_lake,
                                                                      dagster_instance):
    _, summary = sample_lake
    run_id = _range_run(dagster_instance, summary)
    spam = _checks(dagster_instance, run_id, "spam_contamination")
    assert set(spam) == {"yunnan|2018", "yunnan|2019", "yunnan|2020"}
    assert [spam[p].passed for p in ("yunnan|2018", "yunnan|2019", "yunnan|2020")] == \
        [False, True, False]
    assert spam["yunnan|2018"].severity == dg.AssetCheckSeverity.WARN
    assert spam["yunnan|2018"].metadata["contaminated"].value == 1
    assert spam["yunnan|2019"].metadata["reports"].value == 0
    assert "365体育" in spam["yunnan|2018"].metadata["flagged"].value
    assert "365体育" not in spam["yunnan|2020"].metadata["flagged"].value

    complete = _checks(dagster_instance, run_id, "reports_complete")
    # the sample is judged long after its deadlines: 1 of 146 Yunnan governments found
    for p in ("yunnan|2018", "yunnan|2020"):
        c = complete[p]
        assert not c.passed and c.severity == dg.AssetCheckSeverity.ERROR
        assert (c.metadata["expected_units"].value, c.metadata["found_units"].value,
                c.metadata["missing_units"].value) == (146, 1, 145)
    # no report at all: not judged, and it says so instead of borrowing figures
    empty = complete["yunnan|2019"]
    assert empty.passed and "not judged" in empty.description
    assert "expected_units" not in empty.metadata
    # each evaluation points at its own partition's materialization of this run
    for p, ev in complete.items():
        target = ev.target_materialization_data
        assert target.run_id == run_id
        rec = dagster_instance.fetch_materializations(
            dg.AssetRecordsFilter(asset_key=dg.AssetKey("reports"), asset_partitions=[p],
                                  storage_ids=[target.storage_id]), limit=1).records[0]
        assert rec.asset_materialization.partition == p

    partition_info = {i.partition_key: i.latest_execution_status.value
                      for i in dagster_instance.event_log_storage.get_asset_check_partition_info(
                          [dg.AssetCheckKey(dg.AssetKey("reports"), "reports_complete")],
                          after_storage_id=None)}
    assert partition_info["yunnan|2019"] == "SUCCEEDED"
    assert partition_info["yunnan|2018"] == "FAILED"
    assert partition_info["ningxia|2020"] == "FAILED"


def test_the_summary_names_each_failed_check_with_partition_severity_and_figures(sample_lake):
    _, summary = sample_lake
    assert "reports:reports_complete ningxia|2020 ERROR (missing_units 27, expected_units 28)" \
        in summary.failed_checks
    assert "cleaned_reports:spam_contamination yunnan|2018 WARN (contaminated 1, reports 1)" \
        in summary.failed_checks
    assert not any("yunnan|2019" in c for c in summary.failed_checks)


def test_failed_check_line_without_a_partition_names_the_run_range():
    ev = dg.AssetCheckEvaluation(asset_key=dg.AssetKey("raw_snapshots"),
                                 check_name="snapshots_refreshed_after_deadline", passed=False,
                                 severity=dg.AssetCheckSeverity.WARN, metadata={"stale": 2})
    assert failed_check_line(ev, "yunnan 2018-2020") == \
        "raw_snapshots:snapshots_refreshed_after_deadline yunnan 2018-2020 WARN"
