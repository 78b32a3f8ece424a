"""Plain result types of contamination analysis (frozen, JSON-friendly).

Kept apart from the detectors so the pipeline and `govlake inspect` can import
them without pulling in the n-gram model or OpenCC.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Signal:
    """One piece of evidence: what matched (`evidence`) and where (`location`:
    "line N", "title" or "url"). `weight` is this evidence's strength (0..1)."""

    kind: str
    evidence: str
    location: str
    weight: float

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Repair:
    """One change made to the text. `offset` is the character offset in the text
    as it stood when this repair step ran (steps run in the order they are listed)."""

    kind: str
    before: str
    after: str
    offset: int

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class AnalysisResult:
    spam_score: float
    is_spam: bool
    signals: list[Signal] = field(default_factory=list)
    script: str = "simplified"
    repaired_text: str = ""
    repaired_title: str | None = None
    repairs: list[Repair] = field(default_factory=list)
    repaired: bool = False

    @property
    def signal_kinds(self) -> set[str]:
        return {s.kind for s in self.signals}

    def to_dict(self) -> dict:
        return {
            "spam_score": self.spam_score,
            "is_spam": self.is_spam,
            "signals": [s.to_dict() for s in self.signals],
            "script": self.script,
            "repaired": self.repaired,
            "repaired_title": self.repaired_title,
            "repairs": [r.to_dict() for r in self.repairs],
        }
