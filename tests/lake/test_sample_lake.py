"""The bundled sample end to end: real runs, real Parquet, a real DuckDB file."""

import dagster as dg
import pyarrow.parquet as pq

from govlake.defs import defs
from govlake.defs.checks import snapshots_refreshed_after_deadline
from govlake.defs.resources import ClockResource, LakeResource
from tests.lake.conftest import files_under

SAMPLE_PARTITIONS = [("fujian", 2017), ("guizhou", 2021), ("ningxia", 2020),
                     ("yunnan", 2018), ("yunnan", 2020)]


def test_each_seed_lands_in_its_partition(sample_lake):
    _, summary = sample_lake
    assert summary.partitions == SAMPLE_PARTITIONS


def test_mart_province_year_shows_the_seeds_real_figures(marts):
    rows = marts.execute(
        "SELECT province_key, year, reports, applications_received, applications_granted, "
        "applications_partially_granted, reviews, litigations FROM mart_province_year "
        "ORDER BY province_key, year").fetchall()
    assert [(r[0], r[1], r[2]) for r in rows] == [p + (1,) for p in SAMPLE_PARTITIONS]
    by = {(r[0], r[1]): r[3:] for r in rows}
    assert by[("guizhou", 2021)][:2] == (125, 16)          # 花溪区 2021
    assert by[("guizhou", 2021)][3:] == (5, 11)             # 5 reviews, 3 + 8 lawsuits
    assert by[("ningxia", 2020)][0] == 6                    # 泾源县 2020
    assert by[("yunnan", 2018)] == (3605, 1240, 146, 105, 102)  # 云南省 2018 (legacy)
    assert by[("yunnan", 2020)][:2] == (1, 1)               # 武定县 2020


def test_applications_by_applicant_type(marts):
    rows = dict(marts.execute(
        "SELECT applicant, value FROM applications JOIN reports USING (report_id) "
        "WHERE reports.province_key = 'guizhou' AND row_code = 'new_received'").fetchall())
    assert rows == {"natural_person": 117, "commercial": 8, "research": 0, "social_org": 0,
                    "legal_service": 0, "other_org": 0, "total": 125}


def test_reports_are_flagged_and_described(marts):
    rows = {r[0]: r[1:] for r in marts.execute(
        "SELECT province_key || '|' || year, format, is_spam, parse_status, region_code "
        "FROM reports").fetchall()}
    assert rows["guizhou|2021"][:3] == ("2021", False, "ok")
    assert rows["ningxia|2020"][:3] == ("2019", False, "ok")
    assert rows["yunnan|2020"][:2] == ("2019", True)
    assert rows["yunnan|2018"][:2] == ("legacy", True)
    assert rows["fujian|2017"][:2] == ("legacy", True)
    assert rows["guizhou|2021"][3] == "520111"   # 花溪区
    assert rows["ningxia|2020"][3] == "640424"   # 泾源县


def test_rematerializing_a_partition_is_idempotent_and_local(sample_lake, dagster_instance):
    lake, _ = sample_lake
    facts = lake.layer("facts")
    before = files_under(facts)
    res = dg.materialize(
        list(defs.assets), instance=dagster_instance,
        selection=[k for k in defs.resolve_asset_graph().get_all_asset_keys()
                   if k.to_user_string() not in ("source_catalog",)
                   and not k.to_user_string().startswith("mart_")],
        partition_key="guizhou|2021",
        resources={"lake": LakeResource(root=str(lake.root)), "clock": ClockResource()},
        run_config={"loggers": {"console": {"config": {"log_level": "ERROR"}}}},
    )
    assert res.success
    assert [e.partition for e in res.get_asset_materialization_events()
            if e.asset_key == dg.AssetKey("reports")] == ["guizhou|2021"]
    # the partition's facts were rebuilt to the same bytes, hence the same content-named
    # files and the same pointer (govlake.factstore): the commit wrote nothing, anywhere
    after = files_under(facts)
    assert after.keys() == before.keys()
    assert any("province=guizhou/year=2021" in rel for rel in after)
    for rel, (ino, mtime, data) in after.items():
        assert (ino, mtime, data) == before[rel], f"{rel} was touched"


def test_fact_files_carry_provenance(sample_lake):
    lake, _ = sample_lake
    t = pq.read_table(lake.fact_file("applications", "guizhou", 2021)).to_pylist()
    row = next(r for r in t if r["row_code"] == "granted" and r["applicant"] == "total")
    assert row["value"] == 16 and row["source_section"] == "三"
    assert "予以公开" in row["source_label"]


def _facts_run(lake, instance, partition, today):
    keys = [k for k in defs.resolve_asset_graph().get_all_asset_keys()
            if k.to_user_string() in ("reports", "applications", "review_litigation",
                                      "active_disclosure", "legacy_indicators",
                                      "quality_checks")]
    res = dg.materialize(
        list(defs.assets), instance=instance, selection=keys, partition_key=partition,
        resources={"lake": LakeResource(root=str(lake.root)), "clock": ClockResource(today=today)},
        run_config={"loggers": {"console": {"config": {"log_level": "ERROR"}}}},
    )
    assert res.success
    return {e.check_name: e for e in res.get_asset_check_evaluations()}


def test_completeness_check_lists_outstanding_units_then_fails_after_the_deadline(
        sample_lake, dagster_instance):
    lake, _ = sample_lake
    before = _facts_run(lake, dagster_instance, "ningxia|2020", "2021-03-30")["reports_complete"]
    assert before.passed
    assert before.metadata["missing_units"].value == 27        # 28 governments, 泾源县 found
    assert "固原市人民政府" in before.metadata["missing"].value
    after = _facts_run(lake, dagster_instance, "ningxia|2020", "2021-04-01")["reports_complete"]
    assert not after.passed and after.severity == dg.AssetCheckSeverity.ERROR


def test_quality_and_spam_checks_report_evidence(sample_lake, dagster_instance):
    lake, _ = sample_lake
    checks = _facts_run(lake, dagster_instance, "guizhou|2021", "2022-01-01")
    assert checks["identities_hold"].passed            # 花溪区's tables add up
    assert checks["reports_parsed"].passed


def test_spam_check_on_the_cleaned_layer_names_the_evidence(sample_lake, dagster_instance):
    lake, _ = sample_lake
    res = dg.materialize(
        list(defs.assets), instance=dagster_instance,
        selection=[dg.AssetKey("cleaned_reports")], partition_key="yunnan|2018",
        resources={"lake": LakeResource(root=str(lake.root)), "clock": ClockResource()},
        run_config={"loggers": {"console": {"config": {"log_level": "ERROR"}}}},
    )
    check = next(e for e in res.get_asset_check_evaluations()
                 if e.check_name == "spam_contamination")
    assert not check.passed and check.severity == dg.AssetCheckSeverity.WARN
    assert check.metadata["contaminated"].value == 1
    assert check.metadata["contaminated_share"].value == 1.0
    assert check.partition == "yunnan|2018"                  # evaluated per partition
    assert check.metadata["partition"].value == "yunnan|2018"
    assert "365体育" in check.metadata["flagged"].value


def test_contaminated_copies_flow_to_facts_repaired_and_marts_show_spam_share(marts):
    rows = dict(marts.execute(
        "SELECT province_key || '|' || year, spam_share FROM mart_province_year").fetchall())
    assert rows == {"fujian|2017": 1.0, "guizhou|2021": 0.0, "ningxia|2020": 0.0,
                    "yunnan|2018": 1.0, "yunnan|2020": 1.0}
    repaired = dict(marts.execute(
        "SELECT province_key || '|' || year, repaired FROM reports").fetchall())
    assert repaired["yunnan|2018"] and repaired["yunnan|2020"] and not repaired["guizhou|2021"]
    # seed 000 (Traditional + pinyin) still yields its 2020-format tables after repair
    assert marts.execute(
        "SELECT value FROM active_disclosure JOIN reports USING (report_id) WHERE "
        "reports.province_key = 'yunnan' AND reports.year = 2020 AND item = 'procurement' "
        "AND measure = 'amount_wan_yuan'").fetchall() == [(2506.18,)]


def test_a_second_run_with_nothing_new_skips_every_partition(sample_lake, dagster_instance):
    from govlake.defs.runner import run_lake

    lake, _ = sample_lake
    before = files_under(lake.layer("facts"))
    summary = run_lake(lake, include_samples=True, instance=dagster_instance,
                       progress=lambda m: None)
    assert summary.skipped == SAMPLE_PARTITIONS
    assert len(summary.runs) == 1 and not summary.failed_runs   # the catalog scan only
    assert files_under(lake.layer("facts")) == before


def test_freshness_check_moves_with_the_injected_clock(sample_lake, dagster_instance):
    lake, _ = sample_lake

    def evaluate(today):
        res = dg.materialize(
            list(defs.assets) + list(defs.asset_checks), instance=dagster_instance,
            selection=dg.AssetSelection.checks(snapshots_refreshed_after_deadline),
            resources={"lake": LakeResource(root=str(lake.root)),
                       "clock": ClockResource(today=today)},
            run_config={"loggers": {"console": {"config": {"log_level": "ERROR"}}}},
        )
        return next(e for e in res.get_asset_check_evaluations()
                    if e.check_name == "snapshots_refreshed_after_deadline")

    # the sample was catalogued today, years after its reports were due: all fresh
    now = evaluate(None)
    assert now.passed and now.metadata["partitions"].value == 5
    # seen from the day before 花溪区's 2021 reports were due, nothing is due yet either
    assert evaluate("2022-03-30").metadata["stale"].value == 0


def test_freshness_check_fails_when_snapshots_predate_the_deadline(tmp_path, dagster_instance):
    import datetime as dt

    from govlake import catalog
    from govlake.lake import Lake
    from tests.conftest import sample

    lake = Lake.at(tmp_path).ensure()
    page = sample("002", ".html")   # 泾源县 2020, due 2021-03-31
    found = [catalog.Found(page.read_bytes(), catalog.SourceRef(filename=page.name),
                           page.name, "landing")]
    catalog.update_catalog(lake, found, now=dt.datetime(2021, 2, 1, tzinfo=dt.timezone.utc))
    resources = {"lake": LakeResource(root=str(lake.root)), "clock": ClockResource()}
    quiet = {"loggers": {"console": {"config": {"log_level": "ERROR"}}}}
    assert dg.materialize([*defs.assets], selection=[dg.AssetKey("raw_snapshots")],
                          partition_key="ningxia|2020", instance=dagster_instance,
                          resources=resources, run_config=quiet).success

    def evaluate(today):
        res = dg.materialize(
            list(defs.assets) + list(defs.asset_checks), instance=dagster_instance,
            selection=dg.AssetSelection.checks(snapshots_refreshed_after_deadline),
            resources={"lake": resources["lake"], "clock": ClockResource(today=today)},
            run_config=quiet)
        return res.get_asset_check_evaluations()[0]

    assert evaluate("2021-03-31").passed
    stale = evaluate("2021-04-01")
    assert not stale.passed and stale.metadata["stale"].value == 1
    assert "ningxia\\|2020" in stale.metadata["stale_partitions"].value
