"""`govlake inspect`: what the pipeline makes of one saved page, as docs/SCHEMA.md shows it."""

from __future__ import annotations

from pathlib import Path

from govlake.decoding import UndecodableContent, sniff_binary
from govlake.documents.sniff import sniff_kind
from govlake.pipeline import SourceRef, process

MAX_FILE_BYTES = 50 * 1024 * 1024


class InspectError(Exception):
    """A file that cannot be inspected; the message is the one line the user sees."""


def _nest2(rows: list[dict], outer: str, inner: str) -> dict:
    out: dict = {}
    for r in rows:
        out.setdefault(r[outer], {})[r[inner]] = _num(r["value"])
    return out


def _where(rows: list[dict], outer: str, inner: str) -> dict:
    out: dict = {}
    for r in rows:
        out.setdefault(r[outer], {})[r[inner]] = {
            "page": r.get("source_page"), "line": r.get("source_line"),
            "column": r.get("source_column"), "section": r.get("source_section"),
            "label": r.get("source_label")}
    return out


def _num(v: float):
    return int(v) if float(v).is_integer() else v


def inspect_file(path: str | Path, url: str | None = None) -> dict:
    """Run one file through every pure step and return the docs/SCHEMA.md JSON object."""
    path = Path(path)
    if not path.exists():
        raise InspectError(f"{path}: no such file")
    if path.is_dir():
        raise InspectError(f"{path}: is a directory, not a saved page")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise InspectError(f"{path}: {size} bytes is larger than the {MAX_FILE_BYTES} byte limit "
                           "for one report page")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InspectError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if not data.strip():
        raise InspectError(f"{path}: empty file")
    document = sniff_kind(data, path.name)  # PDF, Word, OFD, image: read as documents
    kind = None if document else sniff_binary(data)
    if kind:
        raise InspectError(f"{path}: not a report page or document govlake reads ({kind})")
    # fetched_at stays unknown: a file's mtime is not when the page was fetched
    ref = SourceRef(filename=path.name, source_path=str(path.resolve()), source_url=url)
    try:
        rec, placed = process(data, ref)
    except UndecodableContent as exc:
        raise InspectError(f"{path}: {exc}") from None
    if document and rec.get("error") and not rec.get("text"):
        # a document that could not be read at all (damaged, encrypted, too large): why
        raise InspectError(f"{path}: {rec['error']}")
    facts = placed.facts
    report = dict(placed.report)
    report.update(
        encoding=rec.get("encoding"),
        document_kind=rec.get("document_kind"),
        repairs=rec.get("repairs") or [],
        routing_conflicts=placed.routing_conflicts,
    )
    return {
        "report": report,
        "facts": {
            "applications": _nest2(facts["applications"], "row_code", "applicant"),
            "review_litigation": _nest2(facts["review_litigation"], "proceeding", "outcome"),
            "active_disclosure": _nest2(facts["active_disclosure"], "item", "measure"),
            "legacy_indicators": [
                {"indicator": r["indicator"], "code": r["code"], "unit": r["unit"],
                 "value": _num(r["value"]), "cumulative": r["cumulative"]}
                for r in facts["legacy_indicators"]
            ],
        },
        "quality_checks": [
            {"check": r["check"], "passed": r["passed"], "detail": r["detail"]}
            for r in facts["quality_checks"]
        ],
        # where each figure stood: page (documents), line, column, section, label
        "provenance": {
            "applications": _where(facts["applications"], "row_code", "applicant"),
            "review_litigation": _where(facts["review_litigation"], "proceeding", "outcome"),
            "active_disclosure": _where(facts["active_disclosure"], "item", "measure"),
        },
    }


def render_text(result: dict) -> str:
    """A short human-readable view of the inspect result."""
    r = result["report"]
    lines = [
        f"report     {r['report_id']}  ({r.get('document_kind') or 'html'}, "
        f"{r.get('encoding')}, {r.get('script')})",
        f"unit       {r.get('unit_name')}  [{r.get('admin_level')}]  region {r.get('region_code')}",
        f"partition  {r['province_key']}|{r['year']}  — {r.get('routing_reason')}",
        f"format     {r.get('format')}   published {r.get('published_date')}",
        f"parse      {r['parse_status']}" + (f": {'; '.join(r['parse_errors'])}"
                                              if r['parse_errors'] else ""),
        f"spam       {'YES' if r['is_spam'] else 'no'}  score {r['spam_score']:.2f}"
        + ("  (repaired)" if r.get("repaired") else ""),
    ]
    signals = sorted(r.get("spam_signals") or [], key=lambda s: -(s.get("weight") or 0))
    kinds: dict[str, int] = {}
    for s in signals:
        kinds[s["kind"]] = kinds.get(s["kind"], 0) + 1
        if kinds[s["kind"]] <= 2:  # two pieces of evidence per kind; --json has them all
            lines.append(f"  - {s['kind']}: {s['evidence'][:70]} @ {s['location']}")
    hidden = len(signals) - sum(min(n, 2) for n in kinds.values())
    if hidden:
        lines.append(f"  … {hidden} more pieces of evidence (see --json)")
    apps = result["facts"]["applications"]
    if apps:
        tot = {k: v.get("total") for k, v in apps.items()}
        lines.append(f"applications  received {tot.get('new_received')}  granted "
                     f"{tot.get('granted')}  partially {tot.get('partially_granted')}  "
                     f"results {tot.get('results_total')}")
    rl = result["facts"]["review_litigation"]
    if rl:
        lines.append(f"reviews {rl.get('review', {}).get('total')}  litigations "
                     f"{rl.get('litigation', {}).get('total')}")
    n_ad = sum(len(v) for v in result["facts"]["active_disclosure"].values())
    lines.append(f"active disclosure values {n_ad}; legacy indicators "
                 f"{len(result['facts']['legacy_indicators'])}")
    failed = [q for q in result["quality_checks"] if not q["passed"]]
    lines.append(f"quality    {len(result['quality_checks']) - len(failed)}/"
                 f"{len(result['quality_checks'])} checks pass")
    lines += [f"  ✗ {q['check']}: {q['detail']}" for q in failed]
    return "\n".join(lines)
