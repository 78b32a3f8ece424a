"""The corpus: which units and years, who is missing or late, encodings, files, truth.

`generate(out, scale, years, seed)` walks province → year → expected unit (the
registry of govlake.geography.expected_units, so the truth and the missing-report
mart speak of the same units), draws everything for a unit-year from its own
`random.Random(f"{seed}|{code}|{unit}|{year}")` (same seed → byte-identical files,
whatever else is generated), writes each page as soon as it is made and appends its
truth line, so memory stays flat at any scale.

    OUT/pages/<province_key>/<year>/t<YYYYMMDD>_<n>.html   the saved pages
    OUT/_truth/truth.jsonl      one line per page (see `truth_line`); ``file`` is relative to OUT
    OUT/_truth/missing.jsonl    expected units with no page, and late ones with their date
    OUT/_truth/manifest.json    scale, years, seed, counts

The truth sits in ``_truth/`` so that ``govlake run --landing OUT`` (or OUT/pages) never
takes it for pages: the landing reader skips names starting with ``_`` (and refuses JSON
Lines that are not corpus records anyway).
"""

from __future__ import annotations

import datetime as dt
import json
import random
import shutil
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from govlake import schema
from govlake.geography import expected_units, report_deadline

from . import contaminate, render
from .numbers import break_identity, identity_failures, make_figures
from .prose import legacy_truth
from .tables import annex_truth

SCALES = {
    # scale: (provinces, default years)
    "small": (("ningxia", "hainan"), (2018, 2021)),
    "province": (("guizhou",), (2017, 2023)),
    "full": (tuple(p[0] for p in schema.PROVINCES), (2019, 2023)),
}
DEPARTMENTS = {"province": ["财政厅", "教育厅", "生态环境厅"],
               "prefecture": ["财政局", "教育局", "生态环境局"],
               "county": ["财政局", "教育局", "生态环境局"]}
MISSING_RATE = {"province": 0.0, "prefecture": 0.015, "county": 0.03, "department": 0.06}
LATE_RATE = 0.05
INCONSISTENT_RATE = 0.08      # share of table reports with one identity broken on purpose
OLD_2019_COLUMNS_RATE = 0.05  # 2021+ reports still on the 2019 columns
GBK_RATE = 0.40


@dataclass
class Unit:
    province_key: str
    year: int
    unit_name: str
    region_code: str
    admin_level: str
    prefecture: str | None
    county: str | None


def plan(scale: str, years: tuple[int, int] | None = None, departments: bool = False,
         provinces: tuple[str, ...] | None = None) -> Iterator[Unit]:
    """Every expected unit-year of the scale, in a stable order."""
    provs, default_years = SCALES[scale]
    lo, hi = years or default_years
    deps = DEPARTMENTS if departments else None
    for p in provinces or provs:
        for y in range(lo, hi + 1):
            for u in expected_units(p, y, departments=deps):
                yield Unit(p, y, u.unit_name, u.region_code, u.admin_level, u.prefecture, u.county)


def _place(u: Unit) -> str:
    if u.admin_level == "department":
        return u.unit_name
    return u.unit_name.removesuffix("人民政府").removesuffix("行政公署")


def _address(u: Unit, rng: random.Random) -> str:
    parts = [schema.PROVINCE_NAME[u.province_key]]
    for p in (u.prefecture, u.county):
        if p and p not in parts:
            parts.append(p)
    road = rng.choice(["人民路", "中山路", "解放路", "建设路", "行政中心", "府前街"])
    return "".join(parts) + f"{road}{rng.randint(1, 299)}号"


def _title(u: Unit, year: int, rng: random.Random) -> str:
    place = _place(u)
    if u.admin_level == "department":
        return f"{u.unit_name}{year}年政府信息公开工作年度报告"
    choices = [(f"{place}{year}年政府信息公开工作年度报告", 45),
               (f"{u.unit_name}{year}年政府信息公开工作年度报告", 25),
               (f"{year}年{place}政府信息公开工作年度报告", 15),
               (f"{u.unit_name}办公室关于{year}年度政府信息公开工作年度报告", 10)]
    if u.prefecture and u.admin_level == "county":
        choices.append((f"{u.prefecture}{place}{year}年政府信息公开工作年度报告", 5))
    return rng.choices([c[0] for c in choices], weights=[c[1] for c in choices])[0]


def _dates(u: Unit, late: bool, rng: random.Random) -> tuple[dt.date, dt.date]:
    deadline = report_deadline(u.year, u.admin_level)
    if late:
        return deadline + dt.timedelta(days=rng.randint(1, 240)), deadline
    start = dt.date(u.year + 1, 1, 5)
    span = max(0, (deadline - start).days)
    return start + dt.timedelta(days=rng.randint(0, span)), deadline


def _format(year: int, rng: random.Random) -> str:
    if year <= 2018:
        return "legacy"
    if year <= 2020:
        return "2019"
    return "2019" if rng.random() < OLD_2019_COLUMNS_RATE else "2021"


def _pick_encoding(rng: random.Random) -> tuple[str, str | None]:
    """(encoding, charset declaration style): GBK ~40 % and never declared; UTF-8 declared or BOM."""
    if rng.random() < GBK_RATE:
        return "gbk", None
    x = rng.random()
    if x < 0.1:
        return "utf-8-sig", None
    return "utf-8", "meta" if x < 0.8 else "http-equiv"


def _facts_truth(f, shape: str, style: dict, year: int) -> dict:
    """What the page states, as SCHEMA codes: the cells the pipeline should read."""
    if f.fmt == "legacy":
        apps, rl = legacy_truth(f)
        inds: list[dict] = []
        if shape == "annex":
            L = f.legacy
            apps = {"new_received": {"total": float(L["received"])},
                    "granted": {"total": float(L["granted"])},
                    "partially_granted": {"total": float(L["partially_granted"])}}
            rl = {"review": {"total": float(L["review"])}, "litigation": {"total": float(L["litigation"])}}
            if L["review"] or L["litigation"]:
                rl["review"].update(upheld=float(L["review_upheld"]), corrected=float(L["review_corrected"]))
            inds = annex_truth(f, year, style.get("with_cumulative", False))
        else:
            inds = [{"indicator": "主动公开政府信息数", "unit": "条", "value": float(f.legacy["active_disclosed"]),
                     "cumulative": False},
                    {"indicator": "主动公开政府信息数", "unit": "条", "value": float(f.legacy["active_cumulative"]),
                     "cumulative": True}]
        return {"applications": apps, "review_litigation": rl, "active_disclosure": {},
                "legacy_indicators": inds}
    rl_all = {p: dict(o) for p, o in f.review_litigation.items()}
    if shape == "image":
        d, l2 = rl_all["litigation_direct"], rl_all["litigation_after_review"]
        return {"applications": {"new_received": {"total": f.applications["new_received"]["total"]}},
                "review_litigation": {"review": {"total": rl_all["review"]["total"]},
                                      "litigation": {"total": d["total"] + l2["total"]}},
                "active_disclosure": {}, "legacy_indicators": []}
    apps = {}
    blank = style.get("blank_zero_orgs")
    for code, cols in f.applications.items():
        row = {a: v for a, v in cols.items()
               if not (blank and v == 0 and a in schema.ORG_APPLICANTS)}
        apps[code] = row
    if f.fmt == "2021":       # `other` = Σ of the stated sub-rows
        for a in schema.APPLICANT_CODES:
            parts = [apps[c][a] for c in schema.OTHER_SUBROWS if a in apps[c]]
            if parts:
                apps["other"][a] = float(sum(parts))
            else:
                apps["other"].pop(a, None)
    rl_all["litigation"] = {o: rl_all["litigation_direct"][o] + rl_all["litigation_after_review"][o]
                            for o in schema.OUTCOME_CODES}
    return {"applications": apps, "review_litigation": rl_all,
            "active_disclosure": f.active_disclosure, "legacy_indicators": []}


def make_page(u: Unit, seed: int, n: int, rate_scale: float = 1.0) -> dict:
    """Everything about one unit-year: status, and when published, the page bytes and truth."""
    rng = random.Random(f"{seed}|{u.region_code}|{u.unit_name}|{u.year}")
    if rng.random() < MISSING_RATE.get(u.admin_level, 0.03) * (2 if u.year <= 2018 else 1):
        return {"status": "missing", "deadline": report_deadline(u.year, u.admin_level).isoformat()}
    late = rng.random() < LATE_RATE
    published, deadline = _dates(u, late, rng)
    fmt = _format(u.year, rng)
    if fmt == "legacy":
        shape = "annex" if rng.random() < 0.5 else "prose"
    else:
        shape = rng.choices(render.TABLE_SHAPES, weights=render.TABLE_SHAPE_WEIGHTS)[0]
    level = u.admin_level
    f = make_figures(rng, level, fmt)
    if fmt != "legacy" and shape != "image" and rng.random() < INCONSISTENT_RATE:
        break_identity(rng, f)
    style = render.table_style(rng, shape)
    style["with_cumulative"] = rng.random() < 0.5
    place = _place(u)
    title = _title(u, u.year, rng)
    template = "old" if rng.random() < 0.3 else "modern"
    date_cn = f"{published.year}年{published.month}月{published.day}日"
    blocks = render.article(f, level=level, year=u.year, unit=u.unit_name, place=place,
                            address=_address(u, rng), phone=f"0{rng.randint(100, 999)}-{rng.randint(2000000, 8999999)}",
                            shape=shape, style=style, rng=rng, date_cn=date_cn)
    kinds = contaminate.choose(rng, rate_scale)
    blocks = contaminate.on_blocks(blocks, kinds, rng)
    code6 = u.region_code.ljust(6, "0")
    meta = render.PageMeta(unit=u.unit_name, place=place, title=title,
                           site=u.unit_name if level != "department" else place,
                           host=f"www.{code6}.gov.cn", date=published.isoformat(),
                           index_no=f"{code6}/{published.year}-{rng.randint(1, 99999):05d}",
                           province=schema.PROVINCE_NAME[u.province_key], template=template,
                           publishtime_tag=rng.random() < 0.1)
    # decide the encoding first: the charset declaration is part of the page
    encoding, charset = _pick_encoding(rng)
    html = render.page(meta, blocks, word=style["markup"] == "word", year=u.year,
                       title_tail=contaminate.title_tail(kinds, rng), charset=charset,
                       split_year=rng.random() < 0.3)
    html, detail = contaminate.on_page(html, kinds, u.unit_name, rng)
    data, encoding, charset = _encode_as(html, encoding, charset, template, rng)
    fname = f"pages/{u.province_key}/{u.year}/t{published.strftime('%Y%m%d')}_{n:07d}.html"
    facts = _facts_truth(f, shape, style, u.year)
    truth = {
        "file": fname, "unit_name": u.unit_name, "region_code": u.region_code,
        "admin_level": u.admin_level, "province_key": u.province_key, "year": u.year,
        "format": fmt, "shape": shape, "markup": style["markup"] if shape in ("html_table", "annex") else None,
        "template": template, "encoding": encoding, "charset_declared": charset,
        "contamination": sorted(set(kinds)), "contamination_detail": detail, "is_spam": bool(kinds),
        "title": title, "published_date": published.isoformat(), "deadline": deadline.isoformat(),
        "late": late, "inconsistent": f.inconsistent, "inconsistency_detail": f.inconsistency_detail,
        "tables_as_images": shape == "image",
        **facts,
        "legacy": f.legacy or None,
    }
    return {"status": "late" if late else "ok", "data": data, "truth": truth,
            "deadline": deadline.isoformat(), "published_date": published.isoformat()}


def _encode_as(html: str, encoding: str, charset: str | None, template: str,
               rng: random.Random) -> tuple[bytes, str, str | None]:
    if encoding == "gbk":
        try:
            if template == "old" and rng.random() < 0.5:
                html = html.replace("\n", "\r\n")
            return html.encode("gbk"), "gbk", None
        except UnicodeEncodeError:   # a character GBK lacks: this site serves UTF-8 (no declaration)
            return html.encode("utf-8"), "utf-8", None
    return html.encode(encoding), encoding, charset


TRUTH_DIR = "_truth"   # beside pages/, never read as landing input
TRUTH_FILES = ("truth.jsonl", "missing.jsonl", "manifest.json")


def truth_file(corpus: str | Path, name: str) -> Path:
    """Where a corpus keeps ``name`` (truth.jsonl, missing.jsonl, manifest.json): in
    ``_truth/``, or at the top for a corpus written before issue 15."""
    corpus = Path(corpus)
    new, old = corpus / TRUTH_DIR / name, corpus / name
    return old if old.exists() and not new.exists() else new


def _prepare(out: Path) -> None:
    """A fresh corpus directory; a previous synthetic corpus there is replaced."""
    if out.exists() and any(out.iterdir()):
        if not truth_file(out, "truth.jsonl").exists():
            raise FileExistsError(f"{out} is not empty and holds no synthetic corpus")
        shutil.rmtree(out / "pages", ignore_errors=True)
        shutil.rmtree(out / TRUTH_DIR, ignore_errors=True)
        for name in TRUTH_FILES:
            (out / name).unlink(missing_ok=True)
    (out / TRUTH_DIR).mkdir(parents=True, exist_ok=True)


def generate(out: str | Path, scale: str = "small", years: tuple[int, int] | None = None,
             seed: int = 0, departments: bool = False,
             progress: Callable[[str], None] | None = None) -> dict:
    """Write the corpus; return the manifest (counts by status, format, shape, encoding…)."""
    out = Path(out)
    _prepare(out)
    counts: dict[str, Counter] = {k: Counter() for k in
                                  ("status", "format", "shape", "encoding", "contamination", "level")}
    pages = 0
    made_dirs: set[Path] = set()
    with open(out / TRUTH_DIR / "truth.jsonl", "w", encoding="utf-8", newline="\n") as tf, \
            open(out / TRUTH_DIR / "missing.jsonl", "w", encoding="utf-8", newline="\n") as mf:
        for u in plan(scale, years, departments):
            r = make_page(u, seed, pages + 1)
            counts["status"][r["status"]] += 1
            base = {"province_key": u.province_key, "year": u.year, "unit_name": u.unit_name,
                    "region_code": u.region_code, "admin_level": u.admin_level}
            if r["status"] == "missing":
                mf.write(json.dumps({"status": "missing", **base, "deadline": r["deadline"]},
                                    ensure_ascii=False, sort_keys=True) + "\n")
                continue
            t = r["truth"]
            path = out / t["file"]
            if path.parent not in made_dirs:
                path.parent.mkdir(parents=True, exist_ok=True)
                made_dirs.add(path.parent)
            path.write_bytes(r["data"])
            tf.write(json.dumps(t, ensure_ascii=False, sort_keys=True) + "\n")
            if r["status"] == "late":
                days = (dt.date.fromisoformat(r["published_date"]) - dt.date.fromisoformat(r["deadline"])).days
                mf.write(json.dumps({"status": "late", **base, "deadline": r["deadline"],
                                     "published_date": r["published_date"], "days_late": days,
                                     "file": t["file"]}, ensure_ascii=False, sort_keys=True) + "\n")
            pages += 1
            for k, v in (("format", t["format"]), ("shape", t["shape"]), ("encoding", t["encoding"]),
                         ("level", t["admin_level"])):
                counts[k][v] += 1
            for k in t["contamination"]:
                counts["contamination"][k] += 1
            counts["contamination"]["any"] += bool(t["contamination"])
            if progress and pages % 1000 == 0:
                progress(f"  {pages} pages")
    lo, hi = years or SCALES[scale][1]
    manifest = {"scale": scale, "years": [lo, hi], "seed": seed, "departments": departments,
                "pages": pages, **{k: dict(sorted(v.items())) for k, v in counts.items()}}
    (out / TRUTH_DIR / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True)
                                       + "\n", encoding="utf-8")
    return manifest


def check_identities(truth: dict) -> list[str]:
    """Re-derive from a truth line which checks fail (must equal truth['inconsistent'])."""
    from .numbers import Figures

    f = Figures(truth["format"], applications=truth.get("applications") or {},
                review_litigation={p: o for p, o in (truth.get("review_litigation") or {}).items()
                                   if p != "litigation"})
    return identity_failures(f)
