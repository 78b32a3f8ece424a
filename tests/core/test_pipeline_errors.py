"""A bug in one step costs one report (a failed record with the reason), never a partition."""

from govlake import pipeline
from govlake.pipeline import SourceRef, clean_snapshot, parse_cleaned
from govlake.tables import SCHEMAS, to_table


def _boom(*args, **kwargs):
    raise ZeroDivisionError("division by zero")


def test_an_internal_error_while_cleaning_is_a_recorded_failure(monkeypatch):
    monkeypatch.setattr(pipeline, "_clean_snapshot", _boom)
    rec = clean_snapshot(b"<html>x</html>", SourceRef(filename="x.html",
                                                       source_url="http://[bad"))
    assert rec["kind"] == "error" and rec["text"] == "" and rec["source_host"] is None
    assert rec["error"] == "internal error while cleaning: ZeroDivisionError: division by zero"


def test_an_internal_error_while_parsing_is_a_failed_report_in_unknown(monkeypatch):
    monkeypatch.setattr(pipeline, "_parse_cleaned", _boom)
    placed = parse_cleaned({"report_id": "r1", "sha256": "ab" * 32, "is_spam": True,
                            "fetched_at": "2021-05-01T00:00:00+00:00"})
    r = placed.report
    assert (r["parse_status"], r["province_key"], r["year"], r["is_spam"]) == (
        "failed", "unknown", 2020, True)
    assert r["parse_errors"] == ["internal error while parsing: ZeroDivisionError: "
                                 "division by zero"]
    assert set(r) >= set(SCHEMAS["reports"].names)
    assert to_table("reports", [r]).num_rows == 1          # a valid row of the reports table
    assert placed.facts == {t: [] for t in ("applications", "review_litigation",
                                            "active_disclosure", "legacy_indicators",
                                            "quality_checks")}
