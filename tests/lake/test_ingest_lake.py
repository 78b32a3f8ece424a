"""The lake fed by the network and by crawls gives the same facts as the bundled sample."""

import gzip
import io

import pyarrow.parquet as pq
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from govlake.defs.runner import run_lake
from govlake.lake import Lake
from tests.conftest import SAMPLES
from tests.lake.test_sample_lake import SAMPLE_PARTITIONS

TABLES = ("applications", "review_litigation", "active_disclosure", "legacy_indicators",
          "quality_checks")
PAGES = sorted(SAMPLES.glob("*.html"))


def _facts(lake: Lake) -> dict:
    """Every fact table's rows per partition (report ids are content hashes: comparable)."""
    out = {}
    for table in TABLES:
        for province, year in SAMPLE_PARTITIONS:
            rows = pq.read_table(lake.fact_file(table, province, year)).to_pylist()
            out[(table, province, year)] = sorted(map(repr, rows))
    return out


def test_manifest_fetch_builds_the_same_facts_as_the_sample(sample_lake, tmp_path, httpserver,
                                                            dagster_instance):
    for page in PAGES:
        # a refresh that names the version it has gets "304 Not Modified"
        httpserver.expect_request(f"/xxgk/{page.name}", headers={
            "If-None-Match": f'"{page.stem}"'}).respond_with_data("", status=304)
        # no charset in any header: the GBK page must be recognised from its bytes alone
        httpserver.expect_request(f"/xxgk/{page.name}").respond_with_data(
            page.read_bytes(), content_type="text/html", headers={"ETag": f'"{page.stem}"'})
    manifest = tmp_path / "manifest.csv"
    manifest.write_text("url\n" + "".join(httpserver.url_for(f"/xxgk/{p.name}") + "\n"
                                          for p in PAGES), encoding="utf-8")
    lake = Lake.at(tmp_path / "lake")
    summary = run_lake(lake, manifests=[manifest], instance=dagster_instance,
                       progress=lambda m: None)
    assert not summary.failed_runs and summary.partitions == SAMPLE_PARTITIONS
    assert _facts(lake) == _facts(sample_lake[0])
    reports = pq.read_table(lake.fact_file("reports", "ningxia", 2020)).to_pylist()
    assert reports[0]["source_url"].endswith("/xxgk/002_a0f62e3ec90446e4.html")
    assert reports[0]["encoding"] == "gb18030"

    # a refresh asks conditionally; a page that did not change is not downloaded again
    log = pq.read_table(lake.layer("catalog") / "fetch_log.parquet").to_pylist()
    fetches = [r for r in log if r["event"] == "fetch"]
    assert [r["status"] for r in fetches] == [200] * 5 and all(r["ok"] for r in fetches)
    assert [r["final_host"] for r in fetches] == ["localhost"] * 5  # no redirect: the host
    assert [r["final_url"] for r in fetches] == [httpserver.url_for(f"/xxgk/{p.name}")
                                                 for p in PAGES]
    attempts = [r for r in log if r["event"] == "attempt"]
    assert len(attempts) == 5 and all(r["status"] == 200 and r["size"] > 1000 for r in attempts)
    assert summary.catalog["inputs_read"] == 5 and summary.catalog["fetched"] == 5
    assert summary.input_problems == []
    again = run_lake(lake, manifests=[manifest], instance=dagster_instance,
                     progress=lambda m: None)
    assert again.skipped == SAMPLE_PARTITIONS
    # nothing downloaded, and still read: not "nothing could be read" for the command line
    assert again.catalog["not_modified"] == 5 and again.catalog["fetched"] == 0
    assert again.catalog["inputs_read"] == 5 and again.input_problems == []


def _warc(path, pages):
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for page in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")],
                                       protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                f"http://www.example.gov.cn/{page.name}", "response",
                payload=io.BytesIO(page.read_bytes()), http_headers=headers))


def test_landing_warc_and_jsonl_build_the_same_facts(sample_lake, tmp_path, dagster_instance):
    import json

    landing = tmp_path / "landing"
    landing.mkdir()
    _warc(landing / "crawl.warc.gz", PAGES[:3])
    with gzip.open(landing / "corpus.jsonl.gz", "wt", encoding="utf-8") as fh:
        for page in PAGES[3:]:
            fh.write(json.dumps({"url": f"http://mirror.example.com/{page.name}",
                                 "html": page.read_bytes().decode("utf-8-sig")},
                                ensure_ascii=False) + "\n")
        fh.write('{"url": "http://x.example.com/broken", "html": \n')  # a torn record
    lake = Lake.at(tmp_path / "lake")
    summary = run_lake(lake, landing=landing, instance=dagster_instance,
                       progress=lambda m: None)
    assert not summary.failed_runs
    assert set(SAMPLE_PARTITIONS) <= set(summary.partitions)
    assert _facts(lake) == _facts(sample_lake[0])
    # the torn record is not lost: it is in the catalog with its reason
    cat = pq.read_table(lake.catalog_file).to_pylist()
    broken = [r for r in cat if r["error"]]
    assert len(broken) == 1 and "corpus.jsonl.gz#line 3" in broken[0]["source"]
    assert broken[0]["province_key"] == "unknown"
