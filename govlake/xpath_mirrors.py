"""Python stand-ins for trafilatura's costliest XPath expressions, for our extraction only.

trafilatura walks a page's tree with XPath expressions whose re:test() calls back into
Python for every element, and with plain ones that each walk the whole tree again. The
selectors here test the same attributes in Python, several expressions in one walk, and
give trafilatura the same elements in the same order: the same text at a fraction of the
cost (figures below, per expression). They are installed only inside `installed()`
(clean_html), so other trafilatura calls in the process see its own expressions; and each
only while trafilatura's expression (and, where the selector relies on it, the code that
asks it) reads exactly as mirrored here, regexes taken from trafilatura: on any other
trafilatura its own XPath runs. tests/core/test_cleaning_discard.py holds each selector to
its XPath on random trees.
"""

from __future__ import annotations

import contextlib
import functools
import re

# trafilatura prunes the main-content candidate with the two XPath expressions of its
# OVERALL_DISCARD_XPATH, whose re:test() calls back into Python for every element: on a
# report page full of table cells that is ~3-4 ms of its ~17 ms. Right after them it asks
# a third (DISCARD_IMAGE_ELEMENTS, captions), plain XPath but one more walk of the tree
# (~0.5 ms): one walk in Python answers all three.

_DISCARD_SHAPES = (
    (".//*[self::div or self::item or self::list or self::p or self::section or self::span]["
     " @data-lp-replacement-content or contains(translate(@role, 'N', 'n'), 'nav') or"
     " contains(@data-component, 'MostPopularStories') or re:test(@id|@class, '{}') or"
     " re:test(@id, '{}') or re:test(@class, '{}')]"),
    (".//*[@class='comments-title' or starts-with(@id|@class, 'reply-') or"
     " re:test(@id|@style, '{}') or contains(@style, 'display:none') or"
     " contains(@style, 'display: none') or re:test(@id, '{}') or re:test(@class, '{}') or"
     " @aria-hidden='true']"),
)
# trafilatura's DISCARD_IMAGE_ELEMENTS (asked when images are off, as ours are), and the
# lines of prune_unwanted_sections that ask it right after the two above
_CAPTION_SHAPE = (".//*[self::div or self::item or self::list or self::p or self::section or"
                  " self::span][contains(@id, 'caption') or contains(@class, 'caption')]")
_CAPTION_CALLER = ("tree = prune_unwanted_nodes(tree, OVERALL_DISCARD_XPATH, with_backup=True)",
                   'if "graphic" not in potential_tags:',
                   "tree = prune_unwanted_nodes(tree, DISCARD_IMAGE_ELEMENTS)")
_RE_TEST = re.compile(r"re:test\([^,]*,\s*'([^']*)'\)")
_BLOCKS = frozenset({"div", "item", "list", "p", "section", "span"})
_SEEN_MAX = 20_000  # tag + attribute combinations remembered (a few MB at most)


def _squeezed(xpath: str) -> str:
    """The XPath without whitespace outside its quoted literals (to compare shapes)."""
    parts = xpath.split("'")
    parts[0::2] = ["".join(p.split()) for p in parts[0::2]]
    return "'".join(parts)


def _first(items: list[tuple[str, str]], a: str, b: str) -> str:
    """XPath string(@a|@b): the value of whichever the element lists first, else ''."""
    return next((v for k, v in items if k == a or k == b), "")


def _discard_rules(consent, ids, classes, hidden, ids2, classes2) -> list:
    """OVERALL_DISCARD_XPATH as two functions tree → elements (document order), and
    DISCARD_IMAGE_ELEMENTS as a third (`_CAPTION_SHAPE`), all three answered by one walk.

    trafilatura asks them in a fixed order on one candidate tree: the two discard
    expressions one after the other, then (images off, as ours are) the caption one, with
    nothing between but the deletions of the first two. So the first function walks the
    tree once and keeps the other two answers for that tree; the second hands its answer
    over; the third hands over the caption matches still in the tree after the deletions.
    Asked in any other order or on another tree, a function walks the tree itself.
    Walking once instead of three times (twice in Python, once in libxml2) saves ~0.5 ms
    of a page's ~9 ms of extraction."""
    consent, ids, classes, hidden, ids2, classes2 = map(
        re.compile, (consent, ids, classes, hidden, ids2, classes2))  # as lxml's re:test

    def boilerplate(tag, items, at) -> bool:
        return tag in _BLOCKS and (
            "data-lp-replacement-content" in at
            or "nav" in at.get("role", "").replace("N", "n")
            or "MostPopularStories" in at.get("data-component", "")
            or consent.search(_first(items, "id", "class")) is not None
            or ids.search(at.get("id", "")) is not None
            or classes.search(at.get("class", "")) is not None)

    def hidden_or_reply(tag, items, at) -> bool:
        style = at.get("style", "")
        return (at.get("class") == "comments-title"
                or _first(items, "id", "class").startswith("reply-")
                or hidden.search(_first(items, "id", "style")) is not None
                or "display:none" in style or "display: none" in style
                or ids2.search(at.get("id", "")) is not None
                or classes2.search(at.get("class", "")) is not None
                or at.get("aria-hidden") == "true")

    def caption(tag, at) -> bool:
        return tag in _BLOCKS and ("caption" in at.get("id", "") or "caption" in at.get("class", ""))

    # A rule reads only the tag and the attributes, and a page repeats a few combinations
    # (every cell of a table styled alike): each is tested once, its three answers as bits.
    seen: dict[tuple, int] = {}
    kept: list = [None, None, None]  # the tree walked last; its hidden, its caption matches

    def walk(tree) -> tuple[list, list, list]:
        found: tuple[list, list, list] = ([], [], [])
        for e in tree.iterdescendants():
            tag = e.tag
            if isinstance(tag, str):  # elements only, as .//*
                key = (tag, tuple(e.items()))
                hits = seen.get(key)
                if hits is None:
                    items = key[1]
                    at = dict(items)
                    hits = (boilerplate(tag, items, at) | hidden_or_reply(tag, items, at) << 1
                            | caption(tag, at) << 2)
                    if len(seen) < _SEEN_MAX:
                        seen[key] = hits
                if hits:
                    if hits & 1:
                        found[0].append(e)
                    if hits & 2:
                        found[1].append(e)
                    if hits & 4:
                        found[2].append(e)
        return found

    def select_boilerplate(tree):
        found = walk(tree)
        kept[:] = [tree, found[1], found[2]]
        return found[0]

    def select_hidden(tree):
        if kept[0] is tree and kept[1] is not None:
            out, kept[1] = kept[1], None
            return out
        return walk(tree)[1]

    def select_captions(tree):
        if kept[0] is tree and kept[1] is None and kept[2] is not None:
            out = [e for e in kept[2] if _still_in(e, tree)]
        else:
            out = walk(tree)[2]
        kept[:] = [None, None, None]
        return out

    select_boilerplate.forget = select_captions.forget = \
        lambda: kept.__setitem__(slice(None), [None, None, None])
    return [select_boilerplate, select_hidden, select_captions]


# trafilatura also prunes the raw tree, before any extraction, with two more expressions of
# the same kind (RAW_TREE_PRUNE_XPATH's first, infinite-scroll containers; and
# REMOVE_COMMENTS_AND_LISTS_XPATH, comment sections): ~0.9 ms a page in their re:test
# callbacks, ~0.1 ms as the Python below. Same guard: swapped only while they read as here.
# RAW_TREE_PRUNE_XPATH's second (share buttons) is plain XPath, but one more walk of the
# raw tree (~0.3 ms): the walk of its first answers it too.
_RAW_SHAPES = (
    (".//*[self::div or self::section or self::aside][re:test(@id, '{}') or re:test(@class, '{}')]"
     "[not(.//h1) or re:test(@id, '{}') or re:test(@class, '{}')]"),
    (".//*[self::div or self::list or self::section or self::details or self::ol or self::ul]"
     "[re:test(@id, '{}') or re:test(@class, '{}')]"
     "[not(self::ol or self::ul) or re:test(@id, '{}') or re:test(@class, '{}')]"),
)
_SHARE_SHAPE = ".//*[self::div or self::section or self::aside][contains(@class, 'elementor-share-buttons')]"


def _raw_rules(scroll_id, scroll_class, post_id, post_class,
               comment_id, comment_class, list_id, list_class) -> list:
    """The raw-tree expressions above, and RAW_TREE_PRUNE_XPATH's second, as functions
    tree → elements (document order). trafilatura asks the second right after the first
    on the same tree, with nothing between but the first's deletions: the first's walk
    keeps the second's matches, and the second hands over those still in the tree."""
    scroll_id, scroll_class, post_id, post_class, comment_id, comment_class, list_id, \
        list_class = map(re.compile, (scroll_id, scroll_class, post_id, post_class,
                                      comment_id, comment_class, list_id, list_class))

    kept: list = [None, None]  # the tree walked last, its share-button containers

    def scroll_containers(tree):
        out, shares = [], []
        for e in tree.iterdescendants("div", "section", "aside"):
            i, c = e.get("id", ""), e.get("class", "")
            if (scroll_id.search(i) or scroll_class.search(c)) and (
                    next(e.iterdescendants("h1"), None) is None
                    or post_id.search(i) or post_class.search(c)):
                out.append(e)
            if "elementor-share-buttons" in c:
                shares.append(e)
        kept[:] = [tree, shares]
        return out

    def share_buttons(tree):
        if kept[0] is tree:
            out = [e for e in kept[1] if _still_in(e, tree)]
        else:
            out = [e for e in tree.iterdescendants("div", "section", "aside")
                   if "elementor-share-buttons" in e.get("class", "")]
        kept[:] = [None, None]
        return out

    def comment_sections(tree):
        out = []
        for e in tree.iterdescendants("div", "list", "section", "details", "ol", "ul"):
            i, c = e.get("id", ""), e.get("class", "")
            if (comment_id.search(i) or comment_class.search(c)) and (
                    e.tag not in ("ol", "ul") or list_id.search(i) or list_class.search(c)):
                out.append(e)
        return out

    share_buttons.forget = lambda: kept.__setitem__(slice(None), [None, None])
    return [scroll_containers, share_buttons, comment_sections]


def _still_in(element, tree) -> bool:
    """Whether element is still below tree (not deleted, alone or with an ancestor)."""
    return any(a is tree for a in element.iterancestors())


@functools.lru_cache(maxsize=1)
def _raw_swap():
    """(trafilatura.core, its two lists, our two lists), or None when they differ."""
    try:
        import trafilatura.core as core

        raw, comments = core.RAW_TREE_PRUNE_XPATH, core.REMOVE_COMMENTS_AND_LISTS_XPATH
        if len(comments) != 1 or not raw:
            return None
        regexes = [_RE_TEST.findall(x.path) for x in (raw[0], comments[0])]
        if any(len(r) != 4 or _squeezed(x.path) != _squeezed(shape.format(*r))
               for x, shape, r in zip((raw[0], comments[0]), _RAW_SHAPES, regexes)):
            return None
        scroll, shares, sections = _raw_rules(*regexes[0], *regexes[1])
        if len(raw) == 2 and _squeezed(getattr(raw[1], "path", "")) == _squeezed(_SHARE_SHAPE):
            ours = [scroll, shares]
        else:  # the first alone: the rest stays trafilatura's own
            ours = [scroll, *raw[1:]]
        return core, (raw, comments), (ours, [sections])
    except Exception:  # noqa: BLE001 - another trafilatura: leave it as it is
        return None


# trafilatura looks for the main content with the expressions of BODY_XPATH in turn, and
# only the first element each finds is used (`next(...)` in _extract). Its first expression
# calls re:test back into Python for every div, section, article and main with an id or a
# class (~0.45 ms a page, on every page); the same test in Python, stopping at the first
# match, ~0.1 ms. Same guard as above, and only while _extract takes just that first element.
_BODY_SHAPE = (".//*[self::article or self::div or self::main or self::section]["
               "@class='post' or @class='entry' or @itemprop='articleBody' or"
               " @id='articleContent' or re:test(@id, '{}') or re:test(@class, '{}')][1]")
_BODY_CALLER = "subtree = next((s for s in expr(tree) if s is not None), None)"


def _body_rule(ids, classes):
    """BODY_XPATH's first expression as a function tree → [its first element] (or [])."""
    ids, classes = re.compile(ids), re.compile(classes)

    def first_body(tree):
        for e in tree.iterdescendants("article", "div", "main", "section"):
            i, c = e.get("id", ""), e.get("class", "")
            if (c == "post" or c == "entry" or i == "articleContent"
                    or e.get("itemprop") == "articleBody"
                    or ids.search(i) is not None or classes.search(c) is not None):
                return [e]
        return []
    return first_body


@functools.lru_cache(maxsize=1)
def _body_swap():
    """(trafilatura's module, its BODY_XPATH, ours: the first expression in Python), or None."""
    try:
        import trafilatura.main_extractor as me

        body = me.BODY_XPATH
        regexes = _RE_TEST.findall(body[0].path)
        lines = _code_lines(me._extract)
        if (len(regexes) != 2 or _squeezed(body[0].path) != _squeezed(_BODY_SHAPE.format(*regexes))
                or lines.count(_BODY_CALLER) != 1 or lines.count("for expr in BODY_XPATH:") != 1):
            return None
        return me, body, [_body_rule(*regexes), *body[1:]]
    except Exception:  # noqa: BLE001 - another trafilatura: leave it as it is
        return None


@functools.lru_cache(maxsize=1)
def _discard_functions():
    """(trafilatura's module, its XPath list, our three selectors), or None when its
    discard expressions differ from ours."""
    try:
        import trafilatura.main_extractor as me

        xpaths = me.OVERALL_DISCARD_XPATH
        regexes = [_RE_TEST.findall(x.path) for x in xpaths]
        if len(xpaths) != len(_DISCARD_SHAPES) or any(
                _squeezed(x.path) != _squeezed(shape.format(*r))
                for x, shape, r in zip(xpaths, _DISCARD_SHAPES, regexes)):
            return None
        return me, xpaths, _discard_rules(*regexes[0], *regexes[1])
    except Exception:  # noqa: BLE001 - another trafilatura: leave it as it is
        return None


def _discard_swap():
    """(trafilatura's module, its XPath list, our two rules), or None when they differ."""
    found = _discard_functions()
    return None if found is None else (found[0], found[1], found[2][:2])


@functools.lru_cache(maxsize=1)
def _caption_swap():
    """(trafilatura's module, its DISCARD_IMAGE_ELEMENTS, [our caption selector]), or None:
    only while the expression reads as `_CAPTION_SHAPE` and prune_unwanted_sections asks
    it right after the discard expressions, on the same tree (the selector relies on it)."""
    found = _discard_functions()
    if found is None:
        return None
    try:
        me = found[0]
        images = me.DISCARD_IMAGE_ELEMENTS
        if (len(images) != 1 or _squeezed(images[0].path) != _squeezed(_CAPTION_SHAPE)
                or not _in_a_row(_code_lines(me.prune_unwanted_sections), _CAPTION_CALLER)):
            return None
        return me, images, [found[2][2]]
    except Exception:  # noqa: BLE001 - another trafilatura: leave it as it is
        return None


def _code_lines(function) -> list[str]:
    """A function's source lines, stripped, without blank lines and comments: what the
    guards compare with the lines a stand-in relies on."""
    import inspect

    return [ln for ln in (raw.strip() for raw in inspect.getsource(function).splitlines())
            if ln and not ln.startswith("#")]


def _in_a_row(lines: list[str], wanted: tuple[str, ...]) -> bool:
    return any(tuple(lines[i:i + len(wanted)]) == wanted for i in range(len(lines)))


def _swaps() -> list[tuple]:
    """(module, name, trafilatura's list, ours) for each expression list stood in for."""
    out = []
    discard, raw = _discard_swap(), _raw_swap()
    if discard is not None:
        module, xpaths, rules = discard
        out.append((module, "OVERALL_DISCARD_XPATH", xpaths, rules))
    if raw is not None:
        core, theirs, ours = raw
        out += [(core, name, t, o) for name, t, o in
                zip(("RAW_TREE_PRUNE_XPATH", "REMOVE_COMMENTS_AND_LISTS_XPATH"), theirs, ours)]
    body = _body_swap()
    if body is not None:
        module, theirs, ours = body
        out.append((module, "BODY_XPATH", theirs, ours))
    captions = _caption_swap()
    if captions is not None:
        module, images, ours = captions
        out.append((module, "DISCARD_IMAGE_ELEMENTS", images, ours))
    return out


@contextlib.contextmanager
def installed():
    """Our Python selectors stand in for trafilatura's XPath for the block's duration."""
    swaps = _swaps()
    for module, name, _, ours in swaps:
        setattr(module, name, ours)
    try:
        yield
    finally:
        for module, name, theirs, _ in swaps:
            setattr(module, name, theirs)
        for _, _, _, ours in swaps:  # no page's elements kept past its extraction
            for select in ours:
                getattr(select, "forget", lambda: None)()
