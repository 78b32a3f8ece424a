"""The real-page development set (tests/data/real/): load, split, score.

Why: the synthetic corpus only knows what its generator knows. These are real
copies of reports found on the web and labelled by hand; every detector is
measured on them. A third of the set is held aside (by a hash of the URL, so
the split never moves as records are added) and scored only for reported
figures, never tuned on. The held-aside third was scored once the detectors
were tuned and they were adjusted afterwards, so it is no longer untouched:
later collections, made by people who never ran the lake on them, form
splits of their own (FRESH_SPLITS: `fresh`, then `fresh2` … `fresh10`, each
collected after the one before was scored and the lake adjusted after it),
never part of dev, holdout, all or each other. A development tool: the runtime
never imports it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

REAL_DIR = Path(__file__).resolve().parents[1] / "tests" / "data" / "real"


# Files whose records form a split of their own, whatever their URL hashes to: each set
# was collected after the one before it was scored (and the lake adjusted after it).
FRESH_SPLITS: dict[str, frozenset[str]] = {
    "fresh": frozenset({"pages_holdout2.jsonl"}),
    "fresh2": frozenset({"pages_holdout3.jsonl"}),
    "fresh3": frozenset({"pages_holdout4.jsonl"}),
    "fresh4": frozenset({"pages_holdout5a.jsonl", "pages_holdout5b.jsonl"}),  # two collectors
    "fresh5": frozenset({"pages_holdout6a.jsonl", "pages_holdout6b.jsonl"}),
    "fresh6": frozenset({"pages_holdout7a.jsonl", "pages_holdout7b.jsonl"}),
    "fresh7": frozenset({"pages_holdout8a.jsonl", "pages_holdout8b.jsonl"}),
    "fresh8": frozenset({"pages_holdout9a.jsonl", "pages_holdout9b.jsonl"}),
    "fresh9": frozenset({"pages_holdout10a.jsonl", "pages_holdout10b.jsonl"}),
    "fresh10": frozenset({"pages_holdout11a.jsonl", "pages_holdout11b.jsonl"}),
}
# The files dev and holdout are made of. Any other file must be in FRESH_SPLITS: a new set
# dropped into the folder never joins the development split by default (fresh10's first file
# did, for one run, while it was still unregistered).
ORIGINAL_FILES = frozenset({"pages_spam.jsonl", "pages_governments.jsonl",
                            "pages_clean_units.jsonl"})
# Each file that forms a split of its own, and that split's name.
OWN_SPLIT = {name: split for split, names in FRESH_SPLITS.items() for name in names}
SPLITS = ("dev", "holdout", "all", *FRESH_SPLITS)


def held_aside(url: str) -> bool:
    return int(hashlib.sha1(url.encode("utf-8")).hexdigest(), 16) % 3 == 0


def load(split: str = "dev", directory: Path = REAL_DIR) -> list[dict]:
    """Records of one split (file:line on a bad record).

    dev and holdout split the original files by a hash of the URL, all is both of
    them; each fresh split is every record of its FRESH_SPLITS files and nothing
    else (those records are never in dev, holdout, all or each other's split).
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
            if own is None and path.name not in ORIGINAL_FILES:
                raise ValueError(f"{path}: in no split: register a new set in "
                                 f"govlake/realset.py FRESH_SPLITS before scoring anything")
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
