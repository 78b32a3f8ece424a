"""After a run: every input problem, the summary, and the exit code (govlake/cli/codes.py).

Problems go to stderr, one per line, ``file:line: reason`` (a URL that could not be
fetched after its retries: ``url: reason (after N attempts)``); the summary goes to
stdout: reports per partition, the runs, each failed check with its severity and
figures, and the marts — named only when they exist.
"""

from __future__ import annotations

import sys

from govlake import storage
from govlake.cli import codes

MAX_PROBLEMS = 200   # printed one per line; beyond that a count and where to find them all


def print_problems(prog: str, lake, problems: list[str], err=sys.stderr) -> None:
    for p in problems[:MAX_PROBLEMS]:
        print(p, file=err)
    if len(problems) > MAX_PROBLEMS:
        print(f"{prog}: … and {len(problems) - MAX_PROBLEMS} more input problems "
              f"(all in {lake.layer('catalog') / 'fetch_log.parquet'})", file=err)


def _figures(figures: dict) -> str:
    return ", ".join(f"{k} {v}" for k, v in figures.items())


def print_summary(lake, summary, out=sys.stdout) -> None:
    """Reports per partition, parsed/failed/spam, the failed checks with their figures."""
    print("\nSummary", file=out)
    cat = summary.catalog
    if cat:
        fetched = (f", fetched {cat.get('fetched', 0)}, not modified {cat.get('not_modified', 0)}"
                   f", fetch failed {cat.get('fetch_failed', 0)}"
                   if any(cat.get(k) for k in ("fetched", "not_modified", "fetch_failed")) else "")
        forgotten = (f", {cat['forgotten_skipped']} forgotten (govlake forget) not imported"
                     if cat.get("forgotten_skipped") else "")
        print(f"  inputs: {cat.get('inputs_read', 0)} read as pages, "
              f"{cat.get('added', 0)} new source(s){fetched}{forgotten}; "
              f"{len(summary.input_problems)} problem(s)", file=out)
    if lake.marts_db.exists() and summary.partitions:
        with storage.duckdb_read_only(lake.marts_db) as con:
            rows = con.execute(
                "SELECT province_key, year, reports, reports_failed, reports_partial, "
                "reports_spam, applications_received FROM mart_province_year "
                "ORDER BY province_key, year").fetchall()
        wanted = set(summary.partitions)
        print(f"  {'partition':<18}{'reports':>8}{'ok':>5}{'partial':>8}{'failed':>7}"
              f"{'spam':>6}{'applications':>14}", file=out)
        for p, y, n, failed, partial, spam, apps in rows:
            if (p, int(y)) in wanted:
                ok = n - failed - partial
                print(f"  {p + '|' + str(y):<18}{n:>8}{ok:>5}{partial:>8}{failed:>7}{spam:>6}"
                      f"{'' if apps is None else int(apps):>14}", file=out)
    print(f"  runs: {len(summary.runs)}, failed runs: {len(summary.failed_runs)}", file=out)
    for r in summary.failed_runs:
        print(f"    ✗ {r}", file=out)
    print(f"  checks that failed: {len(summary.checks)}", file=out)
    for c in summary.checks:
        print(f"    ! {c['severity']:<5} {c['check']} ({c['partition']})"
              + (f": {_figures(c['figures'])}" if c["figures"] else ""), file=out)
    if lake.marts_db.exists():
        state = "rebuilt" if summary.marts_built else "unchanged"
        print(f"  marts: {lake.marts_db} ({state})", file=out)
    else:
        print("  marts: none (nothing was built)", file=out)


def exit_code(summary, *, inputs_given: bool, need_partitions: bool = True,
              lake=None) -> tuple[int, str | None]:
    """The exit code and, unless it is 0, the one line that says why."""
    read = summary.catalog.get("inputs_read", 0)
    if summary.failed_runs and not summary.catalog:
        return codes.SOME_FAILED, "the catalog run failed (see above)"
    if inputs_given and read == 0:
        why = (f"{len(summary.input_problems)} input problem(s), nothing read"
               if summary.input_problems else "the inputs given hold no page")
        return codes.NOTHING_READ, f"nothing could be read: {why}"
    if need_partitions and not summary.partitions:
        from govlake import catalog

        have = catalog.partitions_with_data(lake) if lake is not None else []
        if have:
            listed = ", ".join(f"{p}|{y}" for p, y in have[:12]) + (" …" if len(have) > 12 else "")
            hint = f" (the lake has {len(have)}: {listed})"
        else:
            hint = "" if inputs_given else " (give --manifest or --landing)"
        return codes.NOTHING_READ, ("nothing to build: no partition with reports for this "
                                    "selection" + hint)
    if summary.failed_runs or summary.input_problems:
        parts = []
        if summary.input_problems:
            parts.append(f"{len(summary.input_problems)} input problem(s)")
        if summary.failed_runs:
            parts.append(f"{len(summary.failed_runs)} failed run(s)")
        return codes.SOME_FAILED, " and ".join(parts) + " (listed above); the rest was built"
    return codes.OK, None
