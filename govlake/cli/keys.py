"""Partition keys and years from the command line: checked, with suggestions.

``--province guangdon`` → "unknown province 'guangdon' (did you mean guangdong?)";
``--year 2018-2020`` and ``--year 2018,2020`` are ranges and lists; a year outside the
reporting years (2008 to the last year that has ended) is an impossible request.
These raise argparse.ArgumentTypeError, so argparse prints the message with the usage
line and exits 2.
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import os

from govlake import schema


def _suggest(word: str, choices, what: str) -> str:
    close = difflib.get_close_matches(word.lower(), list(choices), n=1, cutoff=0.6)
    hint = f" (did you mean {close[0]}?)" if close else ""
    return f"unknown {what} {word!r}{hint}"


def province(text: str) -> str:
    key = text.strip().lower()
    if key not in schema.PROVINCE_KEYS:
        raise argparse.ArgumentTypeError(
            _suggest(key, schema.PROVINCE_KEYS, "province") + "; keys are pinyin slugs such "
            "as guangdong, neimenggu, central, unknown (docs/SCHEMA.md)")
    return key


def reporting_years() -> tuple[int, int]:
    """2008 (the regulations' first reporting year) to the last year that has ended
    ($GOVLAKE_TODAY moves today, as for the checks)."""
    today = os.environ.get("GOVLAKE_TODAY")
    return schema.FIRST_YEAR, schema.last_year(dt.date.fromisoformat(today) if today else None)


def _year(text: str) -> int:
    try:
        year = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a year (give 2019, 2018-2020 or 2018,2020)") from None
    lo, hi = reporting_years()
    if not lo <= year <= hi:
        raise argparse.ArgumentTypeError(
            f"year {year} is outside the reporting years {lo}-{hi} (reports exist from "
            f"{lo}; the newest year is the last that has ended)")
    return year


def years(text: str) -> list[int]:
    """2019 · 2018-2020 · 2018,2020,2022 (and mixes: 2008-2010,2015)."""
    out: list[int] = []
    for part in text.split(","):
        part = part.strip()
        a, sep, b = part.partition("-")
        if sep:
            lo, hi = _year(a), _year(b)
            if lo > hi:
                raise argparse.ArgumentTypeError(f"year range {part!r} runs backwards")
            out.extend(range(lo, hi + 1))
        else:
            out.append(_year(part))
    return out


def partition(text: str) -> tuple[str, int]:
    """``yunnan|2018`` (also ``yunnan/2018``, ``yunnan:2018``)."""
    for sep in ("|", "/", ":"):
        if sep in text:
            p, _, y = text.partition(sep)
            return province(p), _year(y)
    raise argparse.ArgumentTypeError(f"{text!r} is not a partition key: give PROVINCE|YEAR "
                                     "such as yunnan|2018")
