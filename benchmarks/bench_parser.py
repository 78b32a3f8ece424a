"""Parser throughput: reports/second for the parse step alone (no I/O, no cleaning).

Builds ~3000 texts from the five seeds and the table-shape variants of the tests
(HTML→trafilatura, TSV, PDF-style, Traditional), perturbed so that caches see
new prose and new numbers, then times parse_report over all of them.
Run: .venv/bin/python benchmarks/bench_parser.py [N]
"""

from __future__ import annotations

import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from govlake.normalize import normalize_text  # noqa: E402
from govlake.parsing import parse_report  # noqa: E402


def corpus(n: int, seed: int = 1) -> list[str]:
    from tests.core.conftest import repair_traditional, seed_text
    from tests.core.test_parsing_shapes import build_html, build_pdf_text, build_tsv, via_trafilatura

    yunnan = seed_text("003").replace("365体育备用网址", "政府信息公开").replace("365体育备用:", "云南省人民政府")
    bases = [seed_text("000"), repair_traditional(seed_text("000")), seed_text("001"), seed_text("002"),
             yunnan, seed_text("004"), via_trafilatura(build_html()), normalize_text(build_tsv()),
             normalize_text(build_pdf_text())]
    rng = random.Random(seed)
    num = re.compile(r"(?<![\d.])(\d{1,4})(?![\d.年月日])")
    out = []
    for i in range(n):
        base = bases[i % len(bases)]
        # perturb: new numbers and a unique sentence, so caches cannot memoize whole reports
        text = num.sub(lambda m: str(rng.randint(0, 999)) if rng.random() < 0.3 else m.group(1), base)
        out.append(f"第{i}号文件,随机句子{rng.random()}。\n" + text)
    return out


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    t0 = time.perf_counter()
    texts = corpus(n)
    build = time.perf_counter() - t0
    size = sum(len(t.encode("utf-8")) for t in texts) / len(texts)
    t0 = time.perf_counter()
    statuses: dict[str, int] = {}
    for t in texts:
        r = parse_report(t)
        statuses[r.parse_status] = statuses.get(r.parse_status, 0) + 1
    dt = time.perf_counter() - t0
    print(f"texts: {len(texts)} (avg {size / 1024:.1f} KB, corpus built in {build:.1f}s)")
    print(f"parse: {dt:.2f}s  →  {len(texts) / dt:.0f} reports/second (single core)")
    print(f"status: {statuses}")


if __name__ == "__main__":
    main()
