"""Small text helpers shared by the detectors: offsets → "line N", Han tests."""

from __future__ import annotations

import bisect
import re

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


class Lines:
    """Maps character offsets of one text to 1-based line numbers. The line starts
    are found on the first look-up: most texts never need one (no signal to place)."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._starts: list[int] | None = None

    def line(self, offset: int) -> int:
        if self._starts is None:
            self._starts = [0] + [m.end() for m in re.finditer("\n", self._text)]
        return bisect.bisect_right(self._starts, offset)

    def where(self, offset: int) -> str:
        return f"line {self.line(offset)}"


def is_han(ch: str) -> bool:
    return bool(HAN.match(ch))
