"""cleaning's Python copies of trafilatura's XPath expressions select what the XPath selects:
OVERALL_DISCARD_XPATH, DISCARD_IMAGE_ELEMENTS (after the discard deletions), BODY_XPATH's first
(its first element), and the raw-tree prunes (RAW_TREE_PRUNE_XPATH, the second after the first's
deletions; REMOVE_COMMENTS_AND_LISTS_XPATH)."""

import random

from lxml import html as lxml_html

from govlake import cleaning, xpath_mirrors
from govlake.decoding import decode_bytes
from tests.conftest import SAMPLES

TAGS = ["div", "p", "span", "section", "item", "list", "td", "a", "o:p"]
VALUES = ["", "x", "nav", "NAV", "Nav bar", "cookie", "reply-1", "hidden", "a hidden", "display:none",
          "display: none", "comments-title", "share-box", " ad x", "ad-top", "true", "footer", "message",
          "hide-me", "x hide", "navigation", "MostPopularStories", "bread-crumb", "akismet", "报告",
          "caption", "wp-caption-text", "Caption"]
ATTRS = ["id", "class", "style", "role", "data-component", "aria-hidden",
         "data-lp-replacement-content", "align"]


def _swap():
    swap = xpath_mirrors._discard_swap()
    assert swap is not None, "trafilatura's discard XPath changed: update xpath_mirrors._DISCARD_SHAPES"
    return swap


def _element(rng, depth=0):
    tag = rng.choice(TAGS)
    attrs = " ".join(f'{k}="{rng.choice(VALUES)}"' for k in rng.sample(ATTRS, rng.randint(0, 4)))
    kids = "".join(_element(rng, depth + 1) for _ in range(rng.randint(0, 3))) if depth < 3 else ""
    return f"<{tag} {attrs}>t{kids}</{tag}>"


def test_same_elements_in_the_same_order_on_random_trees():
    _, xpaths, rules = _swap()
    rng = random.Random(7)
    selected = 0
    for _ in range(400):
        tree = lxml_html.fromstring("<html><body>" + "".join(_element(rng) for _ in range(3)) + "</body></html>")
        for sub in [tree, *tree.iter("div")]:
            for xpath, rule in zip(xpaths, rules):
                want = list(xpath(sub))
                assert rule(sub) == want
                selected += len(want)
    assert selected > 1000  # the random trees do exercise the rules


def _asked_after_deletions(element, seed: int, rounds: int, first, then) -> tuple[int, int]:
    """On random trees built twice, delete what `first` selects (ours, trafilatura's), then
    hold `then` (ours, trafilatura's) to the same elements. Returns how many of `then`'s
    matches were still in the tree, and how many the deletions took."""
    from trafilatura.xml import delete_element

    rng = random.Random(seed)
    kept = gone = 0
    for _ in range(rounds):
        markup = "<html><body>" + "".join(element(rng) for _ in range(3)) + "</body></html>"
        ours, theirs = lxml_html.fromstring(markup), lxml_html.fromstring(markup)
        gone += len(then[1](theirs))
        for tree, select in zip((ours, theirs), first):
            for e in dict.fromkeys(select(tree)):
                delete_element(e)
        want = [lxml_html.tostring(e) for e in then[1](theirs)]
        assert [lxml_html.tostring(e) for e in then[0](ours)] == want
        kept += len(want)
        gone -= len(want)
    return kept, gone


def test_captions_after_the_discard_deletions_are_what_the_xpath_finds_then():
    """As trafilatura asks them: the two discard rules on a tree, their matches deleted, then
    the caption rule on the same tree: one walk answers all three."""
    _, xpaths, _ = _swap()
    swap = xpath_mirrors._caption_swap()
    assert swap is not None, "trafilatura's caption XPath or its caller changed: update xpath_mirrors"
    _, images, (captions,) = swap
    boilerplate, hidden, _ = xpath_mirrors._discard_functions()[2]
    kept, gone = _asked_after_deletions(
        _element, 5, 300,
        (lambda t: boilerplate(t) + hidden(t), lambda t: [e for x in xpaths for e in x(t)]),
        (captions, images[0]))
    assert kept > 50  # captions still in the tree after the deletions ...
    assert gone > 20  # ... and captions deleted with a discarded ancestor, or discarded themselves


def test_caption_rule_asked_alone_walks_the_tree_itself():
    _, images, (captions,) = xpath_mirrors._caption_swap()
    tree = lxml_html.fromstring('<html><body><div class="wp-caption">a<p id="caption-1">b</p></div>'
                                '<span class="Caption">c</span><td class="caption">d</td></body></html>')
    assert captions(tree) == images[0](tree)
    assert [e.tag for e in captions(tree)] == ["div", "p"]


RAW_TAGS = ["div", "section", "aside", "ol", "ul", "details", "list", "h1", "p", "span"]
RAW_VALUES = ["", "x", "comment", "Comment-list", "commentary", "comol", "comments", "disqus_thread",
              "dsq-comments", "xcomment", "article-comments", "my post-comments", "infinite-scroll",
              "a infinitescroll b", "mvp-post-add-box", "mvp-post-add-wrap x", "报告",
              "elementor-share-buttons", "x elementor-share-buttons--view-icon"]


def _raw_element(rng, depth=0):
    tag = rng.choice(RAW_TAGS)
    attrs = " ".join(f'{k}="{rng.choice(RAW_VALUES)}"' for k in rng.sample(["id", "class"],
                                                                          rng.randint(0, 2)))
    kids = "".join(_raw_element(rng, depth + 1) for _ in range(rng.randint(0, 3))) if depth < 3 else ""
    return f"<{tag} {attrs}>t{kids}</{tag}>"


def test_raw_tree_rules_select_what_the_xpath_selects():
    raw = xpath_mirrors._raw_swap()
    assert raw is not None, "trafilatura's raw-tree XPath changed: update xpath_mirrors._RAW_SHAPES"
    _, (xraw, xcomments), (rraw, rcomments) = raw
    assert len(rraw) == len(xraw) == 2, "RAW_TREE_PRUNE_XPATH changed: update xpath_mirrors._SHARE_SHAPE"
    rng = random.Random(11)
    selected = 0
    for _ in range(400):
        tree = lxml_html.fromstring("<html><body>" + "".join(_raw_element(rng) for _ in range(3))
                                    + "</body></html>")
        for sub in [tree, *tree.iter("div")]:
            for xpath, rule in ((xraw[0], rraw[0]), (xcomments[0], rcomments[0]), (xraw[1], rraw[1])):
                want = list(xpath(sub))
                assert rule(sub) == want
                selected += len(want)
    assert selected > 500  # the random trees do exercise the rules


def test_share_buttons_after_the_scroll_deletions_are_what_the_xpath_finds_then():
    """As trafilatura's prune of the raw tree asks them: the first expression, its matches
    deleted, then the second (share buttons) on the same tree."""
    _, (xraw, _), (rraw, _) = xpath_mirrors._raw_swap()
    kept, gone = _asked_after_deletions(_raw_element, 13, 400, (rraw[0], xraw[0]), (rraw[1], xraw[1]))
    assert kept > 50  # share buttons still in the tree after the deletions ...
    assert gone > 10  # ... and share buttons deleted inside a scroll container


def test_same_text_on_the_samples_and_trafilatura_left_as_it_was():
    import trafilatura

    module, xpaths, _ = _swap()
    core, lists, _ = xpath_mirrors._raw_swap()
    _, body, _ = xpath_mirrors._body_swap()
    _, images, _ = xpath_mirrors._caption_swap()
    for path in sorted(SAMPLES.glob("*.htm*")):
        page = decode_bytes(path.read_bytes()).text
        ours = cleaning.clean_html(page).text
        assert module.OVERALL_DISCARD_XPATH is xpaths
        assert module.BODY_XPATH is body and module.DISCARD_IMAGE_ELEMENTS is images
        assert (core.RAW_TREE_PRUNE_XPATH, core.REMOVE_COMMENTS_AND_LISTS_XPATH) == lists
        doc = trafilatura.bare_extraction(page, options=cleaning._extractor())
        assert ours == cleaning.normalize_text(doc.text.strip()).strip() + "\n"


BODY_TAGS = ["div", "section", "article", "main", "p", "span", "td"]
BODY_VALUES = ["", "x", "post", "entry", "post entry", "articleContent", "articleBody", "article-content",
               "entry-content x", "art-content", "article__body", "body-text", "post_text", "post-entry",
               "postContent", "ArticleContent", "article__container", "text-content", "main", "报告"]


def _body_element(rng, depth=0):
    tag = rng.choice(BODY_TAGS)
    attrs = " ".join(f'{k}="{rng.choice(BODY_VALUES)}"'
                     for k in rng.sample(["id", "class", "itemprop"], rng.randint(0, 2)))
    kids = "".join(_body_element(rng, depth + 1) for _ in range(rng.randint(0, 3))) if depth < 3 else ""
    return f"<{tag} {attrs}>t{kids}</{tag}>"


def test_body_rule_finds_the_element_the_xpath_finds_first():
    """_extract uses only the first element BODY_XPATH's first expression finds."""
    swap = xpath_mirrors._body_swap()
    assert swap is not None, "trafilatura's BODY_XPATH or _extract changed: update xpath_mirrors._BODY_SHAPE"
    _, theirs, ours = swap
    assert ours[1:] == theirs[1:]  # the expressions without re:test stay trafilatura's own
    rng = random.Random(17)
    found = missing = 0
    for _ in range(600):
        tree = lxml_html.fromstring("<html><body>" + "".join(_body_element(rng) for _ in range(3))
                                    + "</body></html>")
        for sub in [tree, *tree.iter("div")]:
            want = next(iter(theirs[0](sub)), None)
            got = ours[0](sub)
            assert got == ([want] if want is not None else [])
            found += want is not None
            missing += want is None
    assert found > 300 and missing > 300  # both ways exercised
