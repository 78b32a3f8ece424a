"""Word-salad sentences ("站点圣庙帮狗吃食,不倦氯胺酮毛重"), scored by a character
bigram model of clean report text.

The model (govlake/data/contamination/salad_model.json.gz) is built by
scripts/train_salad_model.py from clean report text and ships in the package:
nothing is downloaded at run time. A clause whose characters are, on average,
far less predictable than report prose is word salad.
"""

from __future__ import annotations

import functools
import gzip
import itertools
import json
import math
import re
from dataclasses import dataclass
from importlib import resources

MODEL_PATH = ("data", "contamination", "salad_model.json.gz")
_CLAUSE = re.compile(r"[^,。;!?:、\n|()《》“”\"'\[\]【】\t<>]+")
_HANRUN = re.compile(r"[\u3400-\u9fff]+")
VOCAB = 8000         # assumed size of the character inventory for unseen characters
# Thresholds, set on the evaluation set and on leave-one-seed-out scores of clean
# clauses (see benchmarks/bench_contamination.py). A report's own odd clause
# ("乡村振兴战略" scores 14.6 bits when its seed is held out) must not flag it, so
# salad is a *run* of adjacent unpredictable clauses, or one long one.
T_LOW = 10.5         # every clause of a run at least this unpredictable …
T_HIGH = 12.5        # … and one of them at least this
SEEN_MAX = 0.2       # … with hardly any character pair known from clean text
MIN_RUN_HAN = 10     # a run needs this many Han characters in all
LONG_HAN, LONG_BITS, LONG_SEEN = 12, 14.5, 0.1   # a single clause: long, very unpredictable
_PURE = re.compile(r"^\s*[\u3400-\u9fff]+\s*$")
_JOIN = re.compile(r"^[,;]$")  # not 、: lists of short items are ordinary prose
# A whole _CLAUSE match that _PURE accepts and whose Han run has 4+ characters, found
# in one pass: it starts and ends at a delimiter (or the text's ends), and \n, \t —
# the delimiters that are whitespace — never belong to it.
_DELIMS = r",。;!?:、\n|()《》“”\"'\[\]【】\t<>"
_CLAUSE_BODY = r"[^\S\n\t]*([\u3400-\u9fff]{4,})[^\S\n\t]*(?![^" + _DELIMS + r"])"
_PURE_CLAUSE = re.compile(r"(?<![^" + _DELIMS + r"])" + _CLAUSE_BODY)
# The same matches, found faster (clause: group 1, Han run: group 2): the look-behind
# makes the engine try every position, a leading delimiter (consumed) lets it skip to
# the candidates; only a clause at the very start has none.
_FIRST_CLAUSE = re.compile("(" + _CLAUSE_BODY + ")")
_NEXT_CLAUSE = re.compile("[" + _DELIMS + "](" + _CLAUSE_BODY + ")")



@dataclass(frozen=True)
class Clause:
    text: str
    start: int
    end: int
    bits: float      # mean -log2 P per Han character
    seen: float      # share of adjacent character pairs seen in clean text
    han: int


class CharModel:
    """Witten-Bell interpolated character bigram model."""

    def __init__(self, uni: dict[str, int], bi: dict[str, int]) -> None:
        self.uni = uni
        self.total = sum(uni.values())
        self.bi = bi
        self.run_scores: dict[str, tuple[float, float, int] | None] = {}  # see _run_score
        self.ctx: dict[str, int] = {}
        self.types: dict[str, int] = {}
        for pair, c in bi.items():
            self.ctx[pair[0]] = self.ctx.get(pair[0], 0) + c
            self.types[pair[0]] = self.types.get(pair[0], 0) + 1

    def p_uni(self, c: str) -> float:
        return (self.uni.get(c, 0) + 0.5) / (self.total + 0.5 * VOCAB)

    def p(self, prev: str | None, c: str) -> float:
        pu = self.p_uni(c)
        if prev is None or prev not in self.ctx:
            return pu
        n, t = self.ctx[prev], self.types[prev]
        return (self.bi.get(prev + c, 0) + t * pu) / (n + t)

    def bits(self, text: str) -> tuple[float, int]:
        """(total bits, Han characters) over the Han runs of `text`."""
        total, n = 0.0, 0
        for run in _HANRUN.findall(text):
            prev = None
            for c in run:
                total -= math.log2(self.p(prev, c))
                prev = c
                n += 1
        return total, n

    def to_json(self) -> dict:
        return {"uni": self.uni, "bi": self.bi}


@functools.lru_cache(maxsize=1)
def load_model() -> CharModel | None:
    """The shipped model, or None when it has not been built (salad detection is then off)."""
    try:
        path = resources.files("govlake").joinpath(*MODEL_PATH)
        data = json.loads(gzip.decompress(path.read_bytes()).decode("utf-8"))
        return CharModel(data["uni"], data["bi"])
    except Exception:
        return None


def score_clauses(text: str, model: CharModel | None = None) -> list[Clause]:
    """Every pure-Han clause of 4+ characters with its unpredictability (bits are
    only computed for clauses with few known pairs; others get 0.0)."""
    model = model or load_model()
    if model is None:
        return []
    out = []
    for m in _CLAUSE.finditer(text):
        c = m.group(0)
        if not _PURE.match(c):
            continue  # salad is pure Han; clauses with figures are report prose
        run = c.strip()
        if len(run) < 4:
            continue
        pairs = [run[i:i + 2] for i in range(len(run) - 1)]
        seen = sum(p in model.bi for p in pairs) / len(pairs)
        if seen > SEEN_MAX:  # cheap test first: ordinary prose is mostly known pairs
            out.append(Clause(c, m.start(), m.end(), 0.0, seen, len(run)))
            continue
        total, n = model.bits(run)
        out.append(Clause(c, m.start(), m.end(), total / n, seen, n))
    return out


def _salady(c: Clause) -> bool:
    return c.bits >= T_LOW and c.seen <= SEEN_MAX


@functools.lru_cache(maxsize=None)
def _known_needed(pairs: int) -> int:
    """Fewest known pairs out of `pairs` that make a clause's seen share exceed SEEN_MAX."""
    k = 0
    while not k / pairs > SEEN_MAX:
        k += 1
    return k


def _pure_clauses(text: str):
    """The matches of _PURE_CLAUSE.finditer(text), as _FIRST_CLAUSE/_NEXT_CLAUSE matches."""
    first = _FIRST_CLAUSE.match(text)
    if first is None:
        return _NEXT_CLAUSE.finditer(text)
    return itertools.chain((first,), _NEXT_CLAUSE.finditer(text, first.end()))


_RUN_SCORES_MAX = 1 << 15
_UNSCORED = object()


def _run_score(model: CharModel, run: str) -> tuple[float, float, int] | None:
    """(bits, seen, han) of a clause's Han run as score_clauses scores it, or None when
    it has more known pairs than SEEN_MAX allows. Counting stops as soon as the run is
    known to be ordinary prose. The answer is kept in model.run_scores, where callers
    look first: clauses of the template wording recur in report after report."""
    bi = model.bi
    pairs = len(run) - 1
    need = _known_needed(pairs)
    known = 0
    score = None
    for i in range(pairs):
        if run[i:i + 2] in bi:
            known += 1
            if known >= need:
                break
    else:
        total, n = model.bits(run)
        score = (total / n, known / pairs, n)
    if len(model.run_scores) >= _RUN_SCORES_MAX:
        model.run_scores.clear()
    model.run_scores[run] = score
    return score


def _unseen_clauses(text: str, model: CharModel, exclude) -> list[Clause]:
    """The clauses of score_clauses(text, model) with seen <= SEEN_MAX that `exclude`
    keeps, scored exactly as score_clauses scores them."""
    out = []
    scores = model.run_scores
    for m in _pure_clauses(text):
        run = m.group(2)
        score = scores.get(run, _UNSCORED)
        if score is _UNSCORED:
            score = _run_score(model, run)
        if score is None or (exclude and exclude(text, m.start(1), m.end(1))):
            continue
        out.append(Clause(m.group(1), m.start(1), m.end(1), *score))
    return out


def find_salad(text: str, model: CharModel | None = None, exclude=None) -> list[Clause]:
    """Word-salad spans: runs of adjacent unpredictable clauses, or one long clause.

    `exclude(text, start, end)` → True drops a clause (e.g. it holds a lexicon or allowlist word)."""
    model = model or load_model()
    if model is None:
        return []
    # Only clauses with few known pairs can be salady or long-and-unpredictable (the
    # others score 0.0 bits), and leaving the others out changes no run: a run joins
    # clauses separated by a single "," or ";", never by a clause left out.
    clauses = _unseen_clauses(text, model, exclude)
    out: list[Clause] = []
    i = 0
    while i < len(clauses):
        j = i
        if _salady(clauses[i]):
            while (j + 1 < len(clauses) and _salady(clauses[j + 1])
                   and _JOIN.match(text[clauses[j].end:clauses[j + 1].start] or "x")):
                j += 1
        run = clauses[i:j + 1]
        han = sum(c.han for c in run)
        if len(run) >= 2 and han >= MIN_RUN_HAN and max(c.bits for c in run) >= T_HIGH:
            out.append(Clause(text[run[0].start:run[-1].end], run[0].start, run[-1].end,
                              sum(c.bits * c.han for c in run) / han, sum(c.seen for c in run) / len(run), han))
        elif len(run) == 1:
            c = run[0]
            if c.han >= LONG_HAN and c.bits >= LONG_BITS and c.seen <= LONG_SEEN:
                out.append(c)
        i = j + 1
    return out
