"""The figures of one synthetic report: sections 二/三/四 (or the legacy headline figures).

`make_figures(rng, level, fmt)` draws figures that satisfy every identity of
docs/DOMAIN.md §2 (一 + 二 = 总计 + 四 per column, 总计 = Σ leaf result rows, 总计 column =
Σ applicant columns, review/litigation 总计 = Σ outcomes). `break_identity` then
breaks exactly one of them on purpose, naming the check (govlake.parsing.quality
names) that must fail, so the truth file lists every deliberate inconsistency.
Codes are govlake.schema's.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from govlake import schema

APPLICANTS = schema.APPLICANT_CODES[:-1]          # the six applicant columns, without total
LEAVES_2019 = schema.LEAF_RESULT_ROWS             # … other is a leaf in 2019
LEAVES_2021 = tuple(c for c in LEAVES_2019 if c != "other") + schema.OTHER_SUBROWS

# share of a column's handled applications that ends in each result row
RESULT_WEIGHTS = {
    "granted": 40, "partially_granted": 8, "denied_state_secret": 0.3,
    "denied_prohibited_by_law": 0.5, "denied_three_safety_one_stability": 0.3,
    "denied_third_party_rights": 1.5, "denied_internal_affairs": 2, "denied_process_info": 2,
    "denied_enforcement_files": 0.5, "denied_administrative_query": 1.5,
    "unavailable_not_held": 25, "unavailable_needs_creation": 4, "unavailable_unclear": 2,
    "not_processed_petition": 3, "not_processed_duplicate": 2, "not_processed_publication": 0.5,
    "not_processed_excessive": 0.5, "not_processed_confirmation": 0.5, "other": 3,
    "other_overdue_correction": 2, "other_overdue_fee": 0.2, "other_misc": 1,
}
# mean applications received per year, by administrative level
LEVEL_SCALE = {"province": 900, "prefecture": 220, "county": 45, "department": 12, "township": 3}
# the checks a deliberate inconsistency can break (govlake.parsing.quality names)
BREAKABLE = ("applications_balance", "applications_applicant_sum", "applications_results_sum",
             "review_litigation_sum")


@dataclass
class Figures:
    """Everything a page states, keyed by schema codes; values are numbers (万元 for money)."""

    fmt: str                                                     # 2019 | 2021 | legacy
    applications: dict[str, dict[str, float]] = field(default_factory=dict)
    review_litigation: dict[str, dict[str, float]] = field(default_factory=dict)
    active_disclosure: dict[str, dict[str, float]] = field(default_factory=dict)
    legacy: dict = field(default_factory=dict)                   # legacy headline figures
    inconsistent: list[str] = field(default_factory=list)        # checks broken on purpose
    inconsistency_detail: list[str] = field(default_factory=list)


def _poisson_like(rng: random.Random, mean: float) -> int:
    if mean <= 0:
        return 0
    return max(0, round(rng.lognormvariate(0, 0.8) * mean * 0.75))


def _spread(rng: random.Random, n: int, weights: dict[str, float], rows: tuple[str, ...]) -> dict[str, int]:
    """Split n among rows by weight (multinomial, deterministic for the rng)."""
    out = {r: 0 for r in rows}
    w = [weights.get(r, 0.0) for r in rows]
    if n <= 0:
        return out
    for r in rng.choices(rows, weights=w, k=n):
        out[r] += 1
    return out


def _applications(rng: random.Random, level: str, fmt: str) -> dict[str, dict[str, float]]:
    mean = LEVEL_SCALE.get(level, 40)
    total_new = _poisson_like(rng, mean)
    # natural persons dominate; organisations are rare
    shares = {"natural_person": 0.86, "commercial": 0.08, "research": 0.004,
              "social_org": 0.006, "legal_service": 0.03, "other_org": 0.02}
    leaves = LEAVES_2021 if fmt == "2021" else LEAVES_2019
    weights = dict(RESULT_WEIGHTS)
    # each unit has its own habits
    for k in weights:
        weights[k] *= rng.uniform(0.4, 1.6)
    rows: dict[str, dict[str, float]] = {}
    for a in APPLICANTS:
        new = sum(1 for _ in range(total_new) if rng.random() < shares[a]) if total_new < 400 else \
            round(total_new * shares[a] * rng.uniform(0.7, 1.3))
        carried = _poisson_like(rng, new * 0.04) if new else 0
        forward = min(new + carried, _poisson_like(rng, (new + carried) * 0.05))
        handled = new + carried - forward
        spread = _spread(rng, handled, weights, leaves)
        col = {"new_received": new, "carried_over": carried, **spread,
               "results_total": handled, "carried_forward": forward}
        if fmt == "2021":
            col["other"] = sum(spread[c] for c in schema.OTHER_SUBROWS)
        for code, v in col.items():
            rows.setdefault(code, {})[a] = float(v)
    for code, cols in rows.items():
        cols["total"] = float(sum(cols[a] for a in APPLICANTS))
    order = [c for c in schema.APPLICATION_ROW_CODES if c in rows]
    return {c: rows[c] for c in order}


def _review_litigation(rng: random.Random, level: str) -> dict[str, dict[str, float]]:
    mean = {"province": 40, "prefecture": 8, "county": 1.2}.get(level, 0.5)
    out = {}
    for proc, m in (("review", mean), ("litigation_direct", mean * 0.6),
                    ("litigation_after_review", mean * 0.3)):
        n = _poisson_like(rng, m) if rng.random() < 0.55 else 0
        parts = _spread(rng, n, {"upheld": 6, "corrected": 1.2, "other": 1.5, "pending": 1},
                        ("upheld", "corrected", "other", "pending"))
        out[proc] = {k: float(v) for k, v in parts.items()} | {"total": float(n)}
    return out


def _money(rng: random.Random, scale: float) -> float:
    return round(rng.lognormvariate(0, 1.0) * scale, 2)


def _disclosure(rng: random.Random, level: str, fmt: str) -> dict[str, dict[str, float]]:
    big = {"province": 30, "prefecture": 8, "county": 1}.get(level, 0.5)
    has_rules = level in ("province", "prefecture") and rng.random() < 0.8
    d: dict[str, dict[str, float]] = {}
    if fmt == "2021":
        for item, m in (("rules", 3 if has_rules else 0), ("normative_docs", 12)):
            issued = _poisson_like(rng, m * (big if item == "rules" else max(1, big / 3)))
            repealed = _poisson_like(rng, issued * 0.3)
            in_force = issued + _poisson_like(rng, issued * 4 + 5) if (issued or m) else 0
            d[item] = {"issued": issued, "repealed": repealed, "in_force": in_force}
        d["licensing"] = {"decisions": _poisson_like(rng, 3000 * big)}
        d["penalty"] = {"decisions": _poisson_like(rng, 900 * big)}
        d["enforcement"] = {"decisions": _poisson_like(rng, 40 * big)}
        d["fees"] = {"amount_wan_yuan": _money(rng, 300 * big)}
    else:
        for item, m in (("rules", 3 if has_rules else 0), ("normative_docs", 12)):
            issued = _poisson_like(rng, m * (big if item == "rules" else max(1, big / 3)))
            published = issued
            total = issued + _poisson_like(rng, issued * 5 + 5) if (issued or m) else 0
            d[item] = {"issued": issued, "published": published, "total_public": total}
        for item, m in (("licensing", 600), ("other_services", 150), ("penalty", 200),
                        ("enforcement", 20)):
            prior = _poisson_like(rng, m * big)
            change = round(prior * rng.uniform(-0.3, 0.3))
            d[item] = {"prior_year_items": prior, "change": change,
                       "decisions": _poisson_like(rng, m * 5 * big)}
        prior = _poisson_like(rng, 15 * big)
        d["fees"] = {"prior_year_items": prior, "change": round(prior * rng.uniform(-0.2, 0.1))}
        d["procurement"] = {"projects": _poisson_like(rng, 30 * big),
                            "amount_wan_yuan": _money(rng, 1500 * big)}
    return {i: {m: float(v) for m, v in ms.items()} for i, ms in d.items()}


def _legacy(rng: random.Random, level: str) -> dict:
    mean = LEVEL_SCALE.get(level, 40)
    received = _poisson_like(rng, mean)
    channels = _spread(rng, received, {"当面": 3, "传真": 0.3, "网络": 5, "信函": 2},
                       ("当面", "传真", "网络", "信函"))
    granted = int(received * rng.uniform(0.4, 0.8))
    partial = int((received - granted) * rng.uniform(0, 0.3))
    denied = int((received - granted - partial) * rng.uniform(0, 0.4))
    big = {"province": 30, "prefecture": 8, "county": 1}.get(level, 0.5)
    active = _poisson_like(rng, 2500 * big) + 10
    review = _poisson_like(rng, {"province": 30, "prefecture": 5, "county": 0.8}.get(level, 0.3)) \
        if rng.random() < 0.5 else 0
    upheld = int(review * rng.uniform(0.5, 1.0))
    corrected = review - upheld
    litigation = _poisson_like(rng, {"province": 20, "prefecture": 3, "county": 0.5}.get(level, 0.2)) \
        if rng.random() < 0.4 else 0
    return {
        "active_disclosed": active,
        "active_cumulative": active * rng.randint(4, 9) + rng.randint(0, 999),
        "received": received, "channels": channels, "granted": granted,
        "partially_granted": partial, "denied": denied,
        "review": review, "review_upheld": upheld, "review_corrected": corrected,
        "litigation": litigation, "complaints": _poisson_like(rng, 0.5),
        "fees_wan_yuan": 0.0,
    }


def make_figures(rng: random.Random, level: str, fmt: str) -> Figures:
    """Consistent figures for one report of `fmt` by a unit of `level`."""
    if fmt == "legacy":
        return Figures(fmt, legacy=_legacy(rng, level))
    return Figures(fmt, applications=_applications(rng, level, fmt),
                   review_litigation=_review_litigation(rng, level),
                   active_disclosure=_disclosure(rng, level, fmt))


def break_identity(rng: random.Random, f: Figures) -> None:
    """Break exactly one identity on purpose and record which check must now fail."""
    if f.fmt == "legacy":
        return
    kind = rng.choice(BREAKABLE)
    delta = float(rng.choice((1, 2, 3, 5, 10, -1, -2)))
    apps = f.applications
    if kind == "applications_applicant_sum":
        row = rng.choice(("new_received", "granted", "results_total"))
        if apps[row]["total"] + delta < 0:
            delta = abs(delta)
        apps[row]["total"] += delta
        # the row's total also enters the column identities of the total column
        f.inconsistent.append(kind)
        if row == "new_received":
            f.inconsistent.append("applications_balance")
        elif row == "granted":
            f.inconsistent.append("applications_results_sum")
        else:
            f.inconsistent += ["applications_balance", "applications_results_sum"]
        f.inconsistency_detail.append(f"{row}/total off by {delta:+g}")
    elif kind == "applications_results_sum":
        row = "granted"
        delta = abs(delta)
        apps[row]["natural_person"] += delta
        apps[row]["total"] += delta
        f.inconsistent.append(kind)
        f.inconsistency_detail.append(f"{row} natural_person and total +{delta:g}")
    elif kind == "applications_balance":
        delta = abs(delta)
        apps["new_received"]["natural_person"] += delta
        apps["new_received"]["total"] += delta
        f.inconsistent.append(kind)
        f.inconsistency_detail.append(f"new_received natural_person and total +{delta:g}")
    else:
        delta = abs(delta)
        f.review_litigation["review"]["total"] += delta
        f.inconsistent.append(kind)
        f.inconsistency_detail.append(f"review/total +{delta:g}")
    f.inconsistent = sorted(set(f.inconsistent))


def identity_failures(f: Figures) -> list[str]:
    """The checks whose identities do not hold in `f` (used by tests and the truth file)."""
    bad = set()
    apps = f.applications
    if apps:
        leaves = LEAVES_2021 if f.fmt == "2021" else LEAVES_2019
        for a in schema.APPLICANT_CODES:
            col = {r: cells.get(a, 0.0) for r, cells in apps.items()}
            if (col.get("new_received", 0.0) + col.get("carried_over", 0.0)
                    != col.get("results_total", 0.0) + col.get("carried_forward", 0.0)):
                bad.add("applications_balance")
            if sum(col.get(r, 0.0) for r in leaves) != col.get("results_total", 0.0):
                bad.add("applications_results_sum")
        for cols in apps.values():
            if sum(cols.get(a, 0.0) for a in APPLICANTS) != cols.get("total", 0.0):
                bad.add("applications_applicant_sum")
    for outs in f.review_litigation.values():
        if sum(outs.get(o, 0.0) for o in ("upheld", "corrected", "other", "pending")) != outs.get("total"):
            bad.add("review_litigation_sum")
    return sorted(bad)
