"""The repository stands alone: its docs are in docs/ (in sync with ../shared/docs), and every
relative link, path and command the README gives resolves inside the repository."""

import re
import shlex

import pytest

from tests.conftest import REPO

README = REPO / "README.md"
SHARED_DOCS = REPO.parent / "shared" / "docs"
DOCS = ("SCHEMA" ".md", "DOMAIN" ".md")  # (spelled apart: see the last test)
TOP = ("govlake/", "tests/", "benchmarks/", "scripts/", "docs/")


@pytest.mark.parametrize("name", DOCS)
def test_docs_are_in_the_repository_and_in_sync_with_shared(name):
    ours = REPO / "docs" / name
    assert ours.is_file() and ours.stat().st_size > 1000, ours
    theirs = SHARED_DOCS / name
    if not theirs.is_file():
        pytest.skip(f"{theirs} absent (a clone outside the workspace): nothing to compare with")
    assert ours.read_bytes() == theirs.read_bytes(), (
        f"docs/{name} differs from {theirs}: copy it again (cp {theirs} docs/)")


def _code_spans(text: str) -> list[str]:
    """Inline code and the lines of fenced blocks."""
    spans = []
    for block in re.findall(r"```[a-z]*\n(.*?)```", text, re.S):
        spans += block.splitlines()
    text = re.sub(r"```[a-z]*\n.*?```", "", text, flags=re.S)
    return spans + re.findall(r"`([^`\n]+)`", text)


def test_every_relative_link_in_the_readme_resolves():
    links = re.findall(r"\]\(([^)\s]+)\)", README.read_text(encoding="utf-8"))
    local = [link.split("#")[0] for link in links
             if not link.startswith(("http://", "https://", "mailto:", "#"))]
    assert "docs/SCHEMA.md" in local and "docs/DOMAIN.md" in local
    missing = [link for link in local if not (README.parent / link).exists()]
    assert not missing, missing


def test_every_repository_path_the_readme_names_exists():
    paths = set()
    for span in _code_spans(README.read_text(encoding="utf-8")):
        for token in re.split(r"[\s,;()]+", span):
            token = token.strip("'\"`.:")
            # a file (with an extension) or a folder (a trailing /), not a run tag
            # such as govlake/pid
            looks_like_path = token.endswith("/") or "." in token.rsplit("/", 1)[-1]
            if token.startswith(TOP) and looks_like_path and \
                    not re.search(r"[<>*{}|$]|\.\.\.", token):
                paths.add(token)
    assert len(paths) > 20, paths
    missing = sorted(p for p in paths if not (REPO / p).exists())
    assert not missing, missing


def _subparsers(parser):
    import argparse

    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action.choices
    return {}


def _options(parser) -> set[str]:
    return {opt for action in parser._actions for opt in action.option_strings}


def test_every_command_in_the_readme_exists_with_its_options():
    from govlake.cli import build_parser
    from govlake.synth.cli import build_parser as synth_parser

    commands = _subparsers(build_parser())
    checked = 0
    make_targets = set(re.findall(r"^([a-z][\w-]*):", (REPO / "Makefile").read_text(), re.M))
    for span in _code_spans(README.read_text(encoding="utf-8")):
        span = span.replace("\\|", "|")
        for m in re.finditer(r"\bmake ([a-z][\w-]*)", span):
            assert m.group(1) in make_targets, span
        m = re.search(r"(?:^|\s|/)govlake\s+(.*)$", span)
        if not m or span.lstrip().startswith(("#", "-", "|")):
            continue
        words = shlex.split(m.group(1).replace("[", " ").replace("]", " ")
                            .replace("(", " ").replace(")", " "), posix=False)
        if not words or words[0] in ("COMMAND",) or words[0].startswith("--"):
            # `govlake COMMAND --help`, `govlake --help`
            continue
        name = words[0]
        assert name in commands, f"README names `govlake {name}`: no such command ({span})"
        parser = synth_parser() if name == "synth" else commands[name]
        options = _options(parser)
        for word in words[1:]:
            if word.startswith("--"):
                assert word.split("=")[0] in options, f"`govlake {name}` has no {word} ({span})"
        checked += 1
    assert checked >= 15, checked


def test_the_docs_are_referred_to_where_they_are():
    """Every mention of the two docs in the sources and README is docs/…, except
    the marts' own column comments (govlake/marts.py, mirrored in the README's column
    tables: the marts' text, shown to BI users, is the marts module's to word)."""
    bare = re.compile(r"(?<![\w/])(SCHEMA|DOMAIN)\.md")
    offenders = []
    files = [README, *REPO.glob("govlake/**/*.py"), *REPO.glob("tests/**/*.py"),
             *REPO.glob("benchmarks/*.py"), *REPO.glob("scripts/*.py")]
    for path in files:
        if path == REPO / "govlake" / "marts.py":
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if bare.search(line) and "Quality checks (DOMAIN.md §2 identities" not in line:
                offenders.append(f"{path.relative_to(REPO)}:{n}: {line.strip()}")
    assert not offenders, offenders
