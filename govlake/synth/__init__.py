"""Synthetic corpus of saved report pages with a ground-truth file (`govlake synth`).

    numbers.py      consistent section 二/三/四 figures, some broken on purpose
    tables.py       the sections as rows of cells with the official spans
    shapes.py       a table in each shape (HTML spans, `|` lines, TSV, PDF split)
    prose.py        preamble, filler and legacy prose carrying the figures
    render.py       the report body and the CMS page around it
    contaminate.py  spam contamination at a realistic rate
    corpus.py       units, years, missing/late, encodings, files, truth
    cli.py          `main(argv) -> int`

Pure Python over the project's core (schema, geography, contamination); no Dagster.
"""

from .corpus import SCALES, generate, make_page, plan

__all__ = ["SCALES", "generate", "make_page", "plan"]
