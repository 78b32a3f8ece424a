"""catalog/fetch_log.parquet: columns added later (final_url, final_host) read as null in
rows an older log holds, and the log keeps growing."""

import pyarrow as pa
import pyarrow.parquet as pq

from govlake.catalog import FETCH_LOG_SCHEMA, append_fetch_log, fetch_log_path
from govlake.lake import Lake


def test_a_log_written_before_final_host_is_extended(tmp_path):
    lake = Lake.at(tmp_path).ensure()
    before = pa.schema([f for f in FETCH_LOG_SCHEMA if f.name not in ("final_url", "final_host")])
    pq.write_table(pa.Table.from_pylist([{"url": "http://a.gov.cn/1", "event": "fetch",
                                          "status": 200}], schema=before),
                   fetch_log_path(lake))
    append_fetch_log(lake, [{"url": "http://a.gov.cn/2", "event": "fetch", "status": 200,
                             "final_url": "http://casino.example/2",
                             "final_host": "casino.example"}])
    rows = pq.read_table(fetch_log_path(lake)).to_pylist()
    assert [(r["url"], r["final_url"], r["final_host"]) for r in rows] == [
        ("http://a.gov.cn/1", None, None),
        ("http://a.gov.cn/2", "http://casino.example/2", "casino.example")]
