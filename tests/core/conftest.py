"""Parser test data: the seeds' numbers, read off the seed texts by hand.

Columns of every application row: 自然人, 商业企业, 科研机构, 社会公益组织,
法律服务机构, 其他, 总计. Section 四: 行政复议 ×5, 直接起诉 ×5, 复议后起诉 ×5.
"""

from __future__ import annotations

import re

import pytest

from tests.conftest import SEED_TEXTS


@pytest.fixture(scope="module")
def server():
    """A real HTTP server on 127.0.0.1 for the fetcher's tests (one per module); threaded,
    so a slow handler does not block the next test."""
    from pytest_httpserver import HTTPServer

    srv = HTTPServer(host="127.0.0.1", threaded=True)
    srv.start()
    yield srv
    srv.clear()
    srv.stop()


@pytest.fixture()
def http(server):
    """The module's server, with no handlers from an earlier test."""
    server.clear()
    yield server
    server.clear()

Z = [0, 0, 0, 0, 0, 0, 0]


def seed_text(prefix: str) -> str:
    """The raw text of a seed, normalized as the pipeline does."""
    from govlake.normalize import normalize_text

    path = next(SEED_TEXTS.glob(f"{prefix}_*.txt"))
    return normalize_text(path.read_text(encoding="utf-8"))


_GLOSS = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")


def repair_traditional(text: str) -> str:
    """Test-only repair of seed 000: drop pinyin glosses, convert to Simplified."""
    from opencc import OpenCC

    return OpenCC("t2s").convert(_GLOSS.sub("", text))


# ---------------------------------------------------------------- seed 001 (花溪区 2021, 2021 format)
APPS_001 = {
    "new_received": [117, 8, 0, 0, 0, 0, 125],
    "carried_over": Z,
    "granted": [15, 1, 0, 0, 0, 0, 16],
    "partially_granted": [17, 1, 0, 0, 0, 0, 18],
    "denied_state_secret": Z,
    "denied_prohibited_by_law": Z,
    "denied_three_safety_one_stability": Z,
    "denied_third_party_rights": Z,
    "denied_internal_affairs": [5, 2, 0, 0, 0, 0, 7],
    "denied_process_info": Z,
    "denied_enforcement_files": Z,
    "denied_administrative_query": Z,
    "unavailable_not_held": [68, 4, 0, 0, 0, 0, 72],
    "unavailable_needs_creation": [1, 0, 0, 0, 0, 0, 1],
    "unavailable_unclear": [2, 0, 0, 0, 0, 0, 2],
    "not_processed_petition": Z,
    "not_processed_duplicate": [2, 0, 0, 0, 0, 0, 2],
    "not_processed_publication": Z,
    "not_processed_excessive": Z,
    "not_processed_confirmation": Z,
    "other_overdue_correction": [2, 0, 0, 0, 0, 0, 2],
    "other_overdue_fee": Z,
    "other_misc": [5, 0, 0, 0, 0, 0, 5],
    "other": [7, 0, 0, 0, 0, 0, 7],          # the sum of the three sub-rows
    "results_total": [117, 8, 0, 0, 0, 0, 125],
    "carried_forward": Z,
}
RL_001 = [3, 2, 0, 0, 5, 3, 0, 0, 0, 3, 8, 0, 0, 0, 8]
DISC_001 = {
    ("rules", "issued"): 0, ("rules", "repealed"): 0, ("rules", "in_force"): 0,
    ("normative_docs", "issued"): 4, ("normative_docs", "repealed"): 1, ("normative_docs", "in_force"): 5,
    ("licensing", "decisions"): 32455,
    ("penalty", "decisions"): 5149,
    ("enforcement", "decisions"): 128,
    ("fees", "amount_wan_yuan"): 736.5,
}

# ---------------------------------------------------------------- seed 002 (泾源县 2020, 2019 format)
APPS_002 = {
    "new_received": [6, 0, 0, 0, 0, 0, 6],
    "carried_over": Z,
    "granted": Z,
    "partially_granted": Z,
    "denied_state_secret": Z,
    "denied_prohibited_by_law": Z,
    "denied_three_safety_one_stability": Z,
    "denied_third_party_rights": [3, 0, 0, 0, 0, 0, 3],
    "denied_internal_affairs": [1, 0, 0, 0, 0, 0, 1],
    "denied_process_info": Z,
    "denied_enforcement_files": Z,
    "denied_administrative_query": [2, 0, 0, 0, 0, 0, 2],
    "unavailable_not_held": Z,
    "unavailable_needs_creation": Z,
    "unavailable_unclear": Z,
    "not_processed_petition": Z,       # label split: "(五) 不" … "予处理", "1.信访举报投诉" … "类申请"
    "not_processed_duplicate": Z,
    "not_processed_publication": Z,
    "not_processed_excessive": Z,
    "not_processed_confirmation": Z,
    "other": Z,
    "results_total": [6, 0, 0, 0, 0, 0, 6],
    "carried_forward": Z,
}
RL_002 = [0] * 15
DISC_002 = {
    ("rules", "issued"): 0, ("rules", "published"): 0, ("rules", "total_public"): 0,
    ("normative_docs", "issued"): 17, ("normative_docs", "published"): 17, ("normative_docs", "total_public"): 58,
    ("licensing", "prior_year_items"): 1418, ("licensing", "change"): -882, ("licensing", "decisions"): 536,
    ("other_services", "prior_year_items"): 466, ("other_services", "change"): -90,
    ("other_services", "decisions"): 376,
    ("penalty", "prior_year_items"): 2532, ("penalty", "change"): -139, ("penalty", "decisions"): 2393,
    ("enforcement", "prior_year_items"): 133, ("enforcement", "change"): -13, ("enforcement", "decisions"): 120,
    ("fees", "prior_year_items"): 11, ("fees", "change"): 0,
    ("procurement", "projects"): 24, ("procurement", "amount_wan_yuan"): 960,
}

# ---------------------------------------------------------------- seed 000 (武定县 2020, 2019 format, Traditional)
_ONE = [1, 0, 0, 0, 0, 0, 1]
APPS_000 = {code: Z for code in APPS_002}
APPS_000.update({"new_received": _ONE, "granted": _ONE, "results_total": _ONE})
RL_000 = [0] * 15
DISC_000 = {
    ("rules", "issued"): 0, ("rules", "published"): 0, ("rules", "total_public"): 0,
    ("normative_docs", "issued"): 3, ("normative_docs", "published"): 3, ("normative_docs", "total_public"): 33,
    ("licensing", "prior_year_items"): 248, ("licensing", "change"): -3, ("licensing", "decisions"): 2142,
    ("other_services", "prior_year_items"): 1579, ("other_services", "change"): -160,
    ("other_services", "decisions"): 6809,
    ("penalty", "prior_year_items"): 4842, ("penalty", "change"): 0, ("penalty", "decisions"): 2545,
    ("enforcement", "prior_year_items"): 303, ("enforcement", "change"): 0, ("enforcement", "decisions"): 0,
    ("fees", "prior_year_items"): 27, ("fees", "change"): -9,
    ("procurement", "projects"): 31, ("procurement", "amount_wan_yuan"): 2506.18,
}


# ---------------------------------------------------------------- assertions
APPLICANTS = ["natural_person", "commercial", "research", "social_org", "legal_service", "other_org", "total"]
RL_ORDER = [(p, o) for p in ("review", "litigation_direct", "litigation_after_review")
            for o in ("upheld", "corrected", "other", "pending", "total")]


def app_matrix(report) -> dict[str, list]:
    got: dict[str, list] = {}
    for f in report.applications:
        got.setdefault(f.row_code, [None] * 7)[APPLICANTS.index(f.applicant)] = f.value
    return got


def assert_applications(report, expected: dict[str, list]) -> None:
    got = app_matrix(report)
    assert set(got) == set(expected), (sorted(set(got) ^ set(expected)))
    for code, row in expected.items():
        assert got[code] == row, code
    assert len(report.applications) == 7 * len(expected)


def assert_review_litigation(report, expected: list) -> None:
    got = {(f.proceeding, f.outcome): f.value for f in report.review_litigation}
    for key, value in zip(RL_ORDER, expected):
        assert got.get(key) == value, key
    for o, (a, b) in zip(("upheld", "corrected", "other", "pending", "total"),
                         zip(expected[5:10], expected[10:15])):
        assert got.get(("litigation", o)) == a + b


def assert_disclosure(report, expected: dict) -> None:
    got = {(f.item, f.measure): f.value for f in report.active_disclosure}
    assert got == expected
