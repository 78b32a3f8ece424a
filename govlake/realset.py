"""The real-page development set (tests/data/real/): load, split, score.

Why: the synthetic corpus only knows what its generator knows. These are real
copies of reports found on the web and labelled by hand; every detector is
measured on them. A third of the set is held aside (by a hash of the URL, so
the split never moves as records are added) and scored only for reported
figures, never tuned on. The held-aside third was scored once the detectors
were tuned and they were adjusted afterwards, so it is no longer untouched:
the files in FRESH_FILES, collected later by someone who never ran the lake
on them, form a split of their own (`fresh`) that is never part of dev,
holdout or all. `fresh` was scored and the lake adjusted after it in turn, so
a third collection (FRESH2_FILES, split `fresh2`) is kept apart from every
other split the same way, and after `fresh2` was scored a fourth one
(FRESH3_FILES, split `fresh3`); after `fresh3`, a fifth (FRESH4_FILES, split `fresh4`,
two files from two collectors), after `fresh4` a sixth (FRESH5_FILES, split `fresh5`), after `fresh5` a seventh
(FRESH6_FILES, split `fresh6`).
A development tool: the runtime never imports it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

REAL_DIR = Path(__file__).resolve().parents[1] / "tests" / "data" / "real"


# Files whose records are always in the `fresh` split, whatever their URL hashes to.
FRESH_FILES = frozenset({"pages_holdout2.jsonl"})
# Files whose records are always in the `fresh2` split (collected after `fresh` was scored).
FRESH2_FILES = frozenset({"pages_holdout3.jsonl"})
# Files whose records are always in the `fresh3` split (collected after `fresh2` was scored).
FRESH3_FILES = frozenset({"pages_holdout4.jsonl"})
# Files whose records are always in the `fresh4` split (collected after `fresh3` was scored).
FRESH4_FILES = frozenset({"pages_holdout5a.jsonl", "pages_holdout5b.jsonl"})
# Files whose records are always in the `fresh5` split (collected after `fresh4` was scored).
FRESH5_FILES = frozenset({"pages_holdout6a.jsonl", "pages_holdout6b.jsonl"})
# Files whose records are always in the `fresh6` split (collected after `fresh5` was scored).
FRESH6_FILES = frozenset({"pages_holdout7a.jsonl", "pages_holdout7b.jsonl"})
# Each file that forms a split of its own, and that split's name.
OWN_SPLIT = {**{name: "fresh" for name in FRESH_FILES}, **{name: "fresh2" for name in FRESH2_FILES},
             **{name: "fresh3" for name in FRESH3_FILES}, **{name: "fresh4" for name in FRESH4_FILES},
             **{name: "fresh5" for name in FRESH5_FILES}, **{name: "fresh6" for name in FRESH6_FILES}}
SPLITS = ("dev", "holdout", "all", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6")


def held_aside(url: str) -> bool:
    return int(hashlib.sha1(url.encode("utf-8")).hexdigest(), 16) % 3 == 0


def load(split: str = "dev", directory: Path = REAL_DIR) -> list[dict]:
    """Records of one split (file:line on a bad record).

    dev and holdout split the original files by a hash of the URL, all is both of
    them; fresh is every record of FRESH_FILES and nothing else, fresh2 every record
    of FRESH2_FILES, and so on to fresh6 (those records are never in dev, holdout,
    all or each other's split).
    """
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}: one of {', '.join(SPLITS)}")
    out, seen = [], set()
    for path in sorted(directory.glob("pages_*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{n}: not JSON: {exc}") from None
            if rec["url"] in seen:
                continue
            seen.add(rec["url"])
            rec["_where"] = f"{path.name}:{n}"
            own = OWN_SPLIT.get(path.name)
            if own is not None:
                if split == own:
                    out.append(rec)
                continue
            if split in OWN_SPLIT.values():
                continue
            h = held_aside(rec["url"])
            if split == "all" or (split == "holdout") == h:
                out.append(rec)
    return out


def run(rec: dict) -> dict:
    """The pipeline's report record and facts for one real copy, as `inspect` makes them."""
    from govlake.inspect import _nest2
    from govlake.pipeline import SourceRef, process

    _, placed = process(rec["text"].encode("utf-8"),
                        SourceRef(filename="page.txt", source_url=rec["url"]))
    f = placed.facts
    return {"report": placed.report,
            "facts": {"applications": _nest2(f["applications"], "row_code", "applicant"),
                      "review_litigation": _nest2(f["review_litigation"], "proceeding", "outcome"),
                      "active_disclosure": _nest2(f["active_disclosure"], "item", "measure")}}


@dataclass
class Metric:
    name: str
    right: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.right / self.total if self.total else 1.0

    def add(self, ok: bool, rec: dict, why: str) -> None:
        self.total += 1
        self.right += ok
        if not ok:
            self.misses.append(f"{rec['id']} ({rec['_where']}) {why}  {rec['url']}")


def _label(rec: dict, key: str):
    labels = rec["labels"]
    if key in (labels.get("unreadable") or []):
        return None
    return labels.get(key)


def score(records: list[dict], results: list[dict]) -> dict[str, object]:
    m = {k: Metric(k) for k in ("province", "prefecture", "county", "admin_level", "year",
                                "format", "format_source", "unit_name")}
    spam = {"tp": 0, "fp": 0, "fn": 0, "tn": 0}
    spam_misses: list[str] = []
    wrong_province: list[str] = []
    facts = Metric("fact_recall")
    fact_acc = Metric("fact_accuracy")
    for rec, res in zip(records, results):
        rep = res["report"]
        lab = rec["labels"]
        want, got = bool(lab["is_spam"]), bool(rep.get("is_spam"))
        key = ("tp" if got else "fn") if want else ("fp" if got else "tn")
        spam[key] += 1
        if key in ("fp", "fn"):
            sig = ", ".join(f"{s['kind']}:{s['evidence'][:30]}" for s in rep.get("spam_signals") or [])
            spam_misses.append(f"{rec['id']} ({rec['_where']}) {key} score={rep.get('spam_score')} "
                               f"kinds={lab.get('spam_kinds')} signals=[{sig}]  {rec['url']}")
        pk = _label(rec, "province_key")
        if pk and pk != "unknown":
            got_pk = rep.get("province_key")
            m["province"].add(got_pk == pk, rec, f"{got_pk} != {pk}")
            if got_pk not in (pk, "unknown", None):
                wrong_province.append(f"{rec['id']} {got_pk} != {pk}  {rec['url']}")
        for k in ("prefecture", "county", "admin_level", "year", "format", "format_source",
                  "unit_name"):
            v = _label(rec, k)
            if v is None and k not in ("prefecture", "county"):
                continue
            if k in ("prefecture", "county") and (pk in (None, "unknown")
                                                   or k in (lab.get("unreadable") or [])):
                continue
            g = rep.get(k)
            if k == "year":
                v = int(v)
            m[k].add(g == v, rec, f"{g!r} != {v!r}")
        for table, rows in (lab.get("facts") or {}).items():
            got_table = res["facts"].get(table) or {}
            for row, cols in rows.items():
                for col, value in cols.items():
                    g = (got_table.get(row) or {}).get(col)
                    ok = g is not None and abs(float(g) - float(value)) < 1e-6
                    facts.add(ok, rec, f"{table}.{row}.{col}: {g} != {value}")
                    if g is not None:
                        fact_acc.add(ok, rec, f"{table}.{row}.{col}: {g} != {value}")
    p = spam["tp"] / (spam["tp"] + spam["fp"]) if spam["tp"] + spam["fp"] else 1.0
    r = spam["tp"] / (spam["tp"] + spam["fn"]) if spam["tp"] + spam["fn"] else 1.0
    return {"records": len(records), "spam": spam, "spam_precision": p, "spam_recall": r,
            "spam_misses": spam_misses, "wrong_province": wrong_province,
            "metrics": {**m, "fact_recall": facts, "fact_accuracy": fact_acc}}
