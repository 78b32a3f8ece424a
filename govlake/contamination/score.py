"""Signals → spam_score (0..1) and is_spam.

Evidence of one kind adds up as a noisy-or (1 - Π(1 - w)); kinds combine the
same way. Kinds that are only hints are capped below the spam line so that no
amount of them alone flags a report: weak lexicon words (赌博 outside an
enforcement context …) and Traditional script alone.
"""

from __future__ import annotations

from .model import Signal

SPAM_THRESHOLD = 0.5
# kind → cap on that kind's combined score
CAPS = {
    "gambling_lexicon_weak": 0.45,
    "traditional_script": 0.3,
}


def _noisy_or(weights) -> float:
    p = 1.0
    for w in weights:
        p *= 1.0 - max(0.0, min(1.0, w))
    return 1.0 - p


def combine(weighted: list[tuple[str, float]]) -> float:
    """weighted: (scoring kind, weight) for every piece of evidence, listed or not."""
    by_kind: dict[str, list[float]] = {}
    for kind, w in weighted:
        by_kind.setdefault(kind, []).append(w)
    kind_scores = [min(CAPS.get(k, 1.0), _noisy_or(ws)) for k, ws in by_kind.items()]
    return round(_noisy_or(kind_scores), 4)


def signals_score(signals: list[Signal]) -> float:
    return combine([(s.kind, s.weight) for s in signals])
