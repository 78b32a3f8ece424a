"""Schedules: one range-aware refresh of the provinces; the deadline refresh fires on 1 Feb
and 1 Apr.

Time is injected: the pure helpers take the tick time, and the schedules are evaluated
with `build_schedule_context(scheduled_execution_time=...)`.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import dagster as dg
import pytest
from dagster._utils.schedules import cron_string_iterator

from govlake import schema
from govlake.defs import defs
from govlake.defs.partitions import report_partitions
from govlake.defs.resources import ClockResource, LakeResource
from govlake.defs.schedules import (DEADLINE_CRON, LATEST_YEARS_ENV, PROVINCES_ENV, TIMEZONE,
                                    deadline_kind, deadline_run_requests, partitions_job,
                                    province_refresh_request, provinces_setting,
                                    refresh_schedule, refresh_years, reporting_deadlines,
                                    schedules)

SH = ZoneInfo(TIMEZONE)
RANGE_START, RANGE_END = "dagster/asset_partition_range_start", "dagster/asset_partition_range_end"


def _defs(resources=None) -> dg.Definitions:
    return dg.Definitions(assets=list(defs.assets), asset_checks=list(defs.asset_checks or []),
                          jobs=[partitions_job], schedules=schedules,
                          resources=resources or {"lake": LakeResource(), "clock": ClockResource()})


@pytest.fixture(scope="module")
def repo():
    return _defs().get_repository_def()


def _tick(repo, name: str, when: dt.datetime):
    ctx = dg.build_schedule_context(scheduled_execution_time=when, repository_def=repo)
    return repo.get_schedule_def(name).evaluate_tick(ctx)


def test_definitions_with_the_schedules_load():
    dg.Definitions.validate_loadable(_defs())


def test_the_schedules_are_registered_in_govlake_defs():
    """What `dg dev` / the UI loads must list the schedules (govlake/defs/__init__.py):
    one refresh for every province, not one schedule each."""
    names = {s.name for s in defs.schedules or []}
    assert names == {"refresh_provinces", "reporting_deadlines"}


def test_one_range_aware_refresh_schedule(repo):
    s = repo.get_schedule_def("refresh_provinces")
    assert s.job_name == "govlake_partitions_job"
    assert s.cron_schedule == "0 1 * * 0"
    assert s.execution_timezone == TIMEZONE
    assert s.default_status == dg.DefaultScheduleStatus.STOPPED
    assert s.description


def test_refresh_years_all_or_latest_n():
    now = dt.datetime(2025, 6, 1, tzinfo=SH)
    assert refresh_years(now) == (2008, 2024)
    assert refresh_years(now, 3) == (2022, 2024)
    assert refresh_years(now, 1) == (2024, 2024)
    assert refresh_years(now, 40) == (2008, 2024)
    # in January the year just ended is already a partition
    assert refresh_years(dt.datetime(2025, 1, 4, tzinfo=SH), 2) == (2023, 2024)


def test_refresh_run_request_is_one_range_over_the_province():
    r = province_refresh_request("ningxia", dt.datetime(2025, 6, 1, 3, tzinfo=SH), 2)
    assert r.tags[RANGE_START] == "ningxia|2023" and r.tags[RANGE_END] == "ningxia|2024"
    assert r.tags["govlake/province"] == "ningxia"
    assert r.job_name == "govlake_partitions_job"


def test_a_tick_refreshes_every_province_in_one_range_run(repo, monkeypatch):
    monkeypatch.delenv(PROVINCES_ENV, raising=False)
    monkeypatch.delenv(LATEST_YEARS_ENV, raising=False)
    (req,) = _tick(repo, "refresh_provinces", dt.datetime(2025, 6, 1, 1, tzinfo=SH)).run_requests
    first, last = schema.PROVINCE_KEYS[0], schema.PROVINCE_KEYS[-1]
    assert (req.tags[RANGE_START], req.tags[RANGE_END]) == (f"{first}|2008", f"{last}|2024")
    assert req.tags["govlake/provinces"].split(",") == list(schema.PROVINCE_KEYS)
    keys = set(report_partitions.get_partition_keys())
    assert req.tags[RANGE_START] in keys and req.tags[RANGE_END] in keys


def test_some_provinces_are_as_few_ranges_as_their_order_allows(repo, monkeypatch):
    # yunnan and guizhou are neighbours in PROVINCE_KEYS (guizhou, yunnan); ningxia is not
    monkeypatch.setenv(PROVINCES_ENV, "yunnan, guizhou,ningxia")
    reqs = _tick(repo, "refresh_provinces", dt.datetime(2025, 6, 1, 1, tzinfo=SH)).run_requests
    assert [(r.tags[RANGE_START], r.tags[RANGE_END]) for r in reqs] == [
        ("guizhou|2008", "yunnan|2024"), ("ningxia|2008", "ningxia|2024")]
    assert reqs[0].tags["govlake/provinces"] == "guizhou,yunnan"
    assert reqs[1].tags["govlake/province"] == "ningxia"
    assert len({r.run_key for r in reqs}) == 2
    monkeypatch.setenv(PROVINCES_ENV, "guangdon")
    with pytest.raises(ValueError, match="unknown province key.*guangdon"):
        provinces_setting()


def test_latest_n_is_configurable_at_each_tick(repo, monkeypatch):
    when = dt.datetime(2024, 3, 10, 3, tzinfo=SH)
    monkeypatch.setenv(PROVINCES_ENV, "guizhou")
    monkeypatch.setenv(LATEST_YEARS_ENV, "2")
    (req,) = _tick(repo, "refresh_provinces", when).run_requests
    assert (req.tags[RANGE_START], req.tags[RANGE_END]) == ("guizhou|2022", "guizhou|2023")
    monkeypatch.setenv(LATEST_YEARS_ENV, "0")
    (req,) = _tick(repo, "refresh_provinces", when).run_requests
    assert req.tags[RANGE_START] == "guizhou|2008"
    # or fixed in code, for a deployment that wants it so
    s = refresh_schedule(latest_years=5, provinces=("hebei",))
    r = s.evaluate_tick(dg.build_schedule_context(scheduled_execution_time=when,
                                                  repository_def=repo))
    assert [q.tags[RANGE_START] for q in r.run_requests] == ["hebei|2019"]


def test_deadline_schedule_ticks_on_1_february_and_1_april():
    assert reporting_deadlines.cron_schedule == DEADLINE_CRON
    assert reporting_deadlines.execution_timezone == TIMEZONE
    start = dt.datetime(2023, 12, 31, tzinfo=SH).timestamp()
    ticks = cron_string_iterator(start, reporting_deadlines.cron_schedule, TIMEZONE)
    got = [next(ticks) for _ in range(4)]
    assert [(t.year, t.month, t.day, t.hour) for t in got] == [
        (2024, 2, 1, 6), (2024, 4, 1, 6), (2025, 2, 1, 6), (2025, 4, 1, 6)]


@pytest.mark.parametrize("when, kind", [
    (dt.datetime(2025, 2, 1, 6, tzinfo=SH), "departments_31_january"),
    (dt.datetime(2025, 4, 1, 6, tzinfo=SH), "governments_31_march"),
])
def test_deadline_ticks_refresh_last_years_partition_of_every_province(repo, when, kind):
    result = _tick(repo, "reporting_deadlines", when)
    reqs = result.run_requests
    assert len(reqs) == len(schema.PROVINCE_KEYS)
    assert {r.partition_key for r in reqs} == {f"{p}|2024" for p in schema.PROVINCE_KEYS}
    for r in reqs:
        province = r.partition_key.split("|")[0]
        assert r.tags["govlake/province"] == province
        assert r.tags["govlake/deadline"] == kind
        assert r.job_name == "govlake_partitions_job"
    assert len({r.run_key for r in reqs}) == len(reqs)


def test_no_deadline_run_before_1_february():
    assert deadline_kind(dt.date(2025, 1, 31)) is None
    assert deadline_run_requests(dt.datetime(2025, 1, 31, 23, tzinfo=SH)) == []
    assert deadline_kind(dt.date(2025, 3, 31)) == "departments_31_january"
    assert deadline_kind(dt.date(2025, 12, 1)) == "governments_31_march"


def test_the_deadline_runs_carry_the_completeness_check():
    job = _defs().resolve_job_def("govlake_partitions_job")
    checks = {k.name for k in job.asset_layer.asset_graph.asset_check_keys}
    assert "reports_complete" in checks
    assert dg.AssetKey("source_catalog") not in job.asset_layer.asset_graph.get_all_asset_keys() \
        or not job.asset_layer.asset_graph.get(dg.AssetKey("source_catalog")).is_executable


def test_a_refresh_run_request_executes_for_its_partitions(sample_lake, dagster_instance):
    """The schedule's range tags drive a real run of the job over the sample lake."""
    lake, _ = sample_lake
    d = _defs({"lake": LakeResource(root=str(lake.root)), "clock": ClockResource(today="2021-03-01")})
    req = province_refresh_request("ningxia", dt.datetime(2021, 3, 1, 3, tzinfo=SH), 1)
    result = d.resolve_job_def("govlake_partitions_job").execute_in_process(
        instance=dagster_instance, tags=req.tags, raise_on_error=False)
    assert result.success
    run = dagster_instance.get_run_by_id(result.run_id)
    assert run.tags["govlake/province"] == "ningxia"
    mats = [e for e in result.get_asset_materialization_events()
            if e.asset_key == dg.AssetKey("reports")]
    assert {str(e.partition) for e in mats} == {"ningxia|2020"}
