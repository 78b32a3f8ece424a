"""Contamination (spam) detection and repair for report texts.

    from govlake.contamination import analyze
    result = analyze(text, title=None, url=None, unit_name=None)

`text` is expected to have been through govlake.normalize.normalize_text. The
function is pure, fast and never raises: a detector that fails is skipped.
Detectors run on the text after the mirror re-rendering is undone (glosses
stripped, Traditional converted), which keeps line numbers, so every signal's
location ("line N", "title", "url") points into the input.
"""

from __future__ import annotations

import logging

from . import hosts, injection, lexicon, mirrors, pinyin_gloss, salad, script, slots, symbols, template
from .model import AnalysisResult, Repair, Signal
from .repair import convert_lines, remove_spans, replace_all
from .score import SPAM_THRESHOLD, combine
from ._text import Lines

__all__ = ["analyze", "AnalysisResult", "Signal", "Repair", "SPAM_THRESHOLD"]

log = logging.getLogger(__name__)
MAX_SIGNALS_PER_KIND = 10
WEAK_LISTED = 3  # weak lexicon words are listed as evidence only when at least this many


class _Collector:
    """Signals listed (a few per kind) and every weight counted in the score."""

    def __init__(self) -> None:
        self.signals: list[Signal] = []
        self.weighted: list[tuple[str, float]] = []
        self._count: dict[str, int] = {}

    def add(self, kind: str, evidence: str, location: str, weight: float, score_kind: str | None = None):
        self.weighted.append((score_kind or kind, weight))
        n = self._count.get(kind, 0)
        if n < MAX_SIGNALS_PER_KIND:
            self.signals.append(Signal(kind, evidence, location, round(weight, 3)))
        self._count[kind] = n + 1


def _safe(step, *args, default=None):
    try:
        return step(*args)
    except Exception:  # never let one detector break the pipeline
        log.debug("contamination step %s failed", getattr(step, "__name__", step), exc_info=True)
        return default


def analyze(text, *, title=None, url=None, unit_name=None) -> AnalysisResult:
    """Detect contamination, score it and repair what can be repaired."""
    try:
        return _analyze(text if isinstance(text, str) else ("" if text is None else str(text)),
                        title if isinstance(title, str) else None,
                        url if isinstance(url, str) else None,
                        unit_name if isinstance(unit_name, str) else None)
    except Exception:
        log.debug("contamination analysis failed", exc_info=True)
        t = text if isinstance(text, str) else ""
        return AnalysisResult(0.0, False, [], "simplified", t, title, [], False)


def _analyze(text: str, title: str | None, url: str | None, unit_name: str | None) -> AnalysisResult:
    sig = _Collector()
    repairs: list[Repair] = []
    lines = Lines(text)

    # 1. mirror re-rendering: pinyin glosses and Traditional script
    kind_script = _safe(script.detect_script, text, default="simplified")
    work, edits = _safe(pinyin_gloss.strip_glosses, text, default=(text, []))
    for off, before, after in edits:
        sig.add("traditional_pinyin", before, lines.where(off), 0.3)
        repairs.append(Repair("strip_pinyin_gloss", before, after, off))
    new_title = title
    if kind_script == "traditional":
        han, trad, _ = _safe(script.script_counts, text, default=(0, 0, 0))
        sig.add("traditional_pinyin", f"Traditional script ({trad} of {han} Han characters)",
                "line 1", 0.3, score_kind="traditional_script")
        work = convert_lines(work, script.to_simplified, "to_simplified", repairs)
        if title:
            t_glossless, _ = pinyin_gloss.strip_glosses(title)
            new_title = script.to_simplified(t_glossless)
            if new_title != title:
                repairs.append(Repair("to_simplified_title", title, new_title, 0))

    # 2. detectors on the re-rendering-free text (same lines as the input)
    subs = _safe(template.find_phrase_substitutions, work, default=[]) or []
    for s in subs:
        sig.add("phrase_substitution", f"{s.frame} ({s.spam} → {s.original})", lines.where(s.offset), 0.9)
    sub_spams = {s.spam for s in subs}

    hits = _safe(lexicon.find_hits, work, default=[]) or []
    tline = _safe(injection.title_line, work)
    tline_span = (tline[0], tline[0] + len(tline[1])) if tline else (-1, -1)
    weak = [h for h in hits if not h.strong]
    for h in weak:  # weak words count (capped below the spam line); listed only when several
        if len(weak) >= WEAK_LISTED:
            sig.add("gambling_lexicon", f"{work[h.start:h.end]} (weak)", lines.where(h.start), 0.25,
                    score_kind="gambling_lexicon_weak")
        else:
            sig.weighted.append(("gambling_lexicon_weak", 0.25))
    for h in hits:
        phrase = work[h.start:h.span_end]
        where = lines.where(h.start)
        if not h.strong:
            continue
        sig.add("gambling_lexicon", phrase, where, 0.8)
        in_sub = any(phrase.startswith(sp) or sp.startswith(phrase.rstrip(":")) for sp in sub_spams)
        if not in_sub and not (tline_span[0] <= h.start < tline_span[1]) and injection.spliced(work, h):
            sig.add("spliced_phrase", _context(work, h.start, h.span_end), where, 0.85)

    t_inj = _safe(injection.title_injection, title) if title else None
    if t_inj:
        sig.add("title_injection", t_inj.suffix.strip(), "title", 0.9 if t_inj.strong else 0.55)
    line_inj = _safe(injection.title_injection, tline[1]) if tline else None
    if line_inj:
        sig.add("title_injection", line_inj.suffix.strip(), lines.where(tline[0]), 0.9 if line_inj.strong else 0.55)

    salads = _safe(salad.find_salad, work, None, lexicon.mentions_any, default=[]) or []
    for c in salads:
        w = min(0.95, 0.7 + 0.1 * (c.bits - salad.T_HIGH))
        sig.add("word_salad", f"{c.text} ({c.bits:.1f} bits/char)", lines.where(c.start), w)

    url_hosts = set()
    for m, host, own in _safe(lambda t: list(hosts.text_urls(t)), work, default=[]) or []:
        url_hosts.add(host)
        if own:
            sig.add("rewritten_url", m.group(0), lines.where(m.start()), 0.55)
    if url:
        mirror = _safe(mirrors.mirror_signal, url, hosts.host_of(url))
        if mirror:
            sig.add("mirror_host", mirror[0], "url", mirror[1])
    for where, evidence in _safe(slots.find_slot_brands, work, default=[]) or []:
        sig.add("brand_in_place_slot", evidence, lines.where(where), 0.9)
    for where, evidence in _safe(symbols.find_spliced_symbols, work, default=[]) or []:
        sig.add("spliced_symbols", evidence, lines.where(where), 0.35)

    # 3. repairs, in order: restore substitutions, strip injected text
    for s in sorted(subs, key=lambda s: -len(s.spam)):
        work = replace_all(work, s.spam, s.original, "restore_phrase", repairs)
    units = _safe(template.find_unit_substitutions, work, unit_name, new_title, frozenset(sub_spams),
                  default=[]) or []
    for u in units:
        sig.add("phrase_substitution", f"{u.frame} ({u.spam} → {u.original or '?'})", lines.where(u.offset),
                0.9 if u.certain else 0.6)
        if u.certain:
            work = replace_all(work, u.spam, u.original, "restore_unit_name", repairs)
    if new_title:
        for s in subs:
            if s.spam in new_title:
                new_title = new_title.replace(s.spam, s.original)
                repairs.append(Repair("restore_phrase_title", s.spam, s.original, 0))
        ti = _safe(injection.title_injection, new_title)
        if ti:
            repairs.append(Repair("strip_title_injection", ti.suffix, "", ti.start))
            new_title = new_title[:ti.start].rstrip()
    tl = _safe(injection.title_line, work)
    if tl:
        ti = _safe(injection.title_injection, tl[1])
        if ti:
            work = remove_spans(work, [(tl[0] + ti.start, tl[0] + len(tl[1]))], "strip_title_injection", repairs)
    spans = [(h.start, h.span_end) for h in (_safe(lexicon.find_hits, work, default=[]) or []) if h.strong]
    for c in (_safe(salad.find_salad, work, None, lexicon.mentions_any, default=[]) or []) if salads else []:
        s, e = c.start, c.end
        if e < len(work) and work[e] in ",;、":
            e += 1
        elif s > 0 and work[s - 1] in ",;、":
            s -= 1
        spans.append((s, e))
    if spans:
        kinds = "strip_spam"
        work = remove_spans(work, spans, kinds, repairs)

    score = combine(sig.weighted)
    return AnalysisResult(
        spam_score=score,
        is_spam=score >= SPAM_THRESHOLD,
        signals=sig.signals,
        script=kind_script,
        repaired_text=work,
        repaired_title=new_title,
        repairs=repairs,
        repaired=bool(repairs),
    )


def _context(text: str, start: int, end: int, width: int = 8) -> str:
    return text[max(0, start - width):min(len(text), end + width)].replace("\n", " ")
