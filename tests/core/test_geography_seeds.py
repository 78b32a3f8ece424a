"""The five seeds route to their partitions from content alone (no hints, no host)."""

import pytest

from govlake.geography import report_year, resolve_unit, route
from tests.conftest import SEED_TEXTS as SEEDS

EXPECTED = {
    "000": ("yunnan", 2020, "532329", "county", "武定县人民政府"),
    "001": ("guizhou", 2021, "520111", "county", "花溪区人民政府"),
    "002": ("ningxia", 2020, "640424", "county", "泾源县人民政府"),
    "003": ("yunnan", 2018, "53", "province", "云南省人民政府"),
    "004": ("fujian", 2017, "350629", "county", "华安县人民政府"),
}


def _seed(prefix: str) -> str:
    hits = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    assert hits, f"seed {prefix} missing from {SEEDS}"
    return hits[0].read_text(encoding="utf-8")


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_seed_routes_from_content(prefix):
    text = _seed(prefix)
    key, year, code, level, unit = EXPECTED[prefix]
    res = resolve_unit(None, text)
    assert (res.province_key, res.region_code, res.admin_level, res.unit_name) == (key, code, level, unit)
    rt = route(res, report_year(text))
    assert (rt.province_key, rt.year) == (key, year)
    assert rt.conflicts == []
