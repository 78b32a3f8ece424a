"""Per-snapshot work is done once per pipeline version, on every core, and reused."""

from govlake import atomic, workcache
from govlake.lake import Lake
from govlake.pipeline import SourceRef, sha256_hex
from tests.conftest import SAMPLES


def _jobs(lake, copies=3):
    """The five sample pages, each in a few byte-distinct copies (a trailing comment)."""
    jobs = []
    for page in sorted(SAMPLES.glob("*.html")):
        for i in range(copies):
            data = page.read_bytes() + f"<!-- copy {i} -->".encode()
            sha = sha256_hex(data)
            atomic.write_bytes(lake.blob_path(sha), data)
            jobs.append((sha, SourceRef(filename=page.name)))
    return jobs


def test_parallel_and_serial_work_agree_and_the_second_pass_is_all_cache(tmp_path):
    par, ser = Lake.at(tmp_path / "a").ensure(), Lake.at(tmp_path / "b").ensure()
    jobs_p, jobs_s = _jobs(par), _jobs(ser)
    assert len(jobs_p) == 15 >= workcache.PARALLEL_THRESHOLD      # the pool is used
    got_p = {sha: (p, c) for sha, p, c in workcache.compute_many(par, jobs_p, workers=2)}
    got_s = {sha: (p, c) for sha, p, c in workcache.compute_many(ser, jobs_s, workers=1)}
    assert got_p.keys() == got_s.keys()
    for sha, (payload, cached) in got_p.items():
        assert not cached
        assert payload["report"] == got_s[sha][0]["report"]
        assert payload["facts"] == got_s[sha][0]["facts"]
    again = list(workcache.compute_many(par, jobs_p, workers=2, full=False))
    assert all(cached for _, _, cached in again)
    by_year = sorted((p["report"]["province_key"], p["report"]["year"]) for _, p, _ in again)
    assert by_year.count(("guizhou", 2021)) == 3 and by_year.count(("yunnan", 2018)) == 3


def test_parts_are_read_apart(tmp_path):
    lake = Lake.at(tmp_path).ensure()
    sha, ref = _jobs(lake, copies=1)[1]                       # 花溪区 2021
    list(workcache.compute_many(lake, [(sha, ref)]))
    placed = workcache.load(lake, sha, "placed")
    assert "text" not in placed["cleaned"] and placed["report"]["year"] == 2021
    cleaned = workcache.load(lake, sha, "cleaned")
    assert "本年新收政府信息公开申请数量" in cleaned["cleaned"]["text"] and "facts" not in cleaned
    # a half-written cache (placed part missing) is a miss, never a wrong answer
    workcache._path(lake, sha, "placed").unlink()
    assert workcache.load(lake, sha) is None and workcache.load(lake, sha, "cleaned") is None


def test_a_torn_cache_file_is_a_miss_and_is_computed_again(tmp_path):
    lake = Lake.at(tmp_path).ensure()
    sha, ref = _jobs(lake, copies=1)[1]
    first = list(workcache.compute_many(lake, [(sha, ref)]))[0][1]
    path = workcache._path(lake, sha, "placed")
    path.write_bytes(path.read_bytes()[:40])                  # cut short, as by a crash
    assert workcache.load(lake, sha, "placed") is None
    (_, again, cached), = workcache.compute_many(lake, [(sha, ref)])
    assert not cached and again["facts"] == first["facts"]
    apps = again["facts"]["applications"]  # kept as columns, without the report's keys
    assert "report_id" not in apps and len(apps["row_code"]) == len(apps["value"]) > 0
