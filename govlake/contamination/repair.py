"""Text edits that record themselves: every change becomes a Repair.

Repair runs before parsing; the raw text is kept by the caller and the repaired
text sits beside it, so each change (kind, before, after, offset) can be checked.
"""

from __future__ import annotations

import re

from .model import Repair


def replace_all(text: str, old: str, new: str, kind: str, repairs: list[Repair]) -> str:
    if not old or old not in text:
        return text
    for m in re.finditer(re.escape(old), text):
        repairs.append(Repair(kind, old, new, m.start()))
    return text.replace(old, new)


def remove_spans(text: str, spans: list[tuple[int, int]], kind: str, repairs: list[Repair]) -> str:
    """Delete non-overlapping [start, end) spans (overlaps are merged)."""
    merged: list[list[int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    out, last = [], 0
    for s, e in merged:
        out.append(text[last:s])
        repairs.append(Repair(kind, text[s:e], "", s))
        last = e
    out.append(text[last:])
    return "".join(out)


def convert_lines(text: str, convert, kind: str, repairs: list[Repair]) -> str:
    """Apply `convert` line by line, recording each changed line."""
    out, off = [], 0
    for line in text.split("\n"):
        new = convert(line)
        if new != line:
            repairs.append(Repair(kind, line, new, off))
        out.append(new)
        off += len(line) + 1
    return "\n".join(out)
