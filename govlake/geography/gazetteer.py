"""Load the vendored GB/T 2260 gazetteer and answer name/code look-ups.

The data sits in govlake/data/geography/ (see the README there for sources and
dates); it is read once, lazily, with no network. Codes are kept at six digits
here; `short_code` gives the "as deep as known" form used in records (53, 5323,
532329).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from govlake.schema import PROVINCE_BY_CODE, PROVINCES

DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "geography"


@dataclass(frozen=True)
class Division:
    """One province, prefecture or county of the 2023 list."""

    code: str            # six digits
    name: str
    level: str           # province | prefecture | county
    type: str            # 省, 自治区, 直辖市, 地级市, 自治州, 地区, 盟, 县, 市辖区, 县级市, 自治县, 旗 …
    parent: str | None   # six-digit code of the parent, None for provinces

    @property
    def province_key(self) -> str:
        return PROVINCE_BY_CODE[self.code[:2]]


@dataclass(frozen=True)
class Alias:
    """An older name of a division (renamed, upgraded or merged)."""

    name: str
    old_code: str
    old_level: str
    code: str            # 2023 code it now belongs to
    date: str            # effective date, "" when unknown
    source: str


@dataclass(frozen=True)
class NameEntry:
    """One way of writing a division: full name, alias, or abbreviation."""

    code: str
    form: str            # "full" | "alias" | "abbr" | "stem" (bare stem: weak)
    level: str           # the level of the unit so named (an alias may differ)
    alias: Alias | None = None


def _rows(name: str):
    with open(DATA_DIR / name, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            yield line.rstrip("\n").split("\t")


# Contractions in everyday official use that no suffix rule derives (a 盟 is cut to its
# first character + 盟): 锡盟商务局 is 锡林郭勒盟's bureau. Not 西盟 (西盟佤族自治县, a county).
CONTRACTIONS = {"锡盟": "152500", "阿盟": "152900"}


class Gazetteer:
    """Divisions by code, every written form by name, townships by county."""

    def __init__(self) -> None:
        self.divisions: dict[str, Division] = {}
        self.short: dict[str, str] = {}
        for code, name, level, typ, parent, short in _rows("divisions.tsv"):
            self.divisions[code] = Division(code, name, level, typ, parent or None)
            if short:
                self.short[code] = short
        self.aliases: list[Alias] = [Alias(*r[:6]) for r in _rows("aliases.tsv")]
        self.townships: dict[str, tuple[str, ...]] = {}
        self.township_index: dict[str, list[str]] = {}
        for code, names in _rows("townships.tsv"):
            towns = tuple(names.split())
            self.townships[code] = towns
            for t in towns:
                self.township_index.setdefault(t, []).append(code)
        self.index: dict[str, list[NameEntry]] = {}
        self._build_index()
        self.max_len = max(len(k) for k in self.index)
        self.children: dict[str, list[str]] = {}
        for d in self.divisions.values():
            if d.parent:
                self.children.setdefault(d.parent, []).append(d.code)

    def _add(self, key: str, entry: NameEntry) -> None:
        if len(key) < 2:
            return
        bucket = self.index.setdefault(key, [])
        if all(e.code != entry.code or e.form != entry.form for e in bucket):
            bucket.append(entry)

    def _build_index(self) -> None:
        province_short = {p[2]: p[3] for p in PROVINCES}
        for d in self.divisions.values():
            self._add(d.name, NameEntry(d.code, "full", d.level))
            if d.level == "province":
                for s in province_short.get(d.code[:2], ()):
                    self._add(s, NameEntry(d.code, "abbr", d.level))
                continue
            short = self.short.get(d.code)
            if not short:
                continue
            for suffix, abbr in (("自治州", "州"), ("自治县", "县"), ("自治旗", "旗"), ("地区", "地区"),
                                 ("市", "市"), ("县", "县"), ("区", "区")):
                if d.name.endswith(suffix) and short + abbr != d.name:
                    self._add(short + abbr, NameEntry(d.code, "abbr", d.level))
                    if suffix.startswith("自治") and short + suffix != d.name:
                        self._add(short + suffix, NameEntry(d.code, "abbr", d.level))  # 镇宁自治县
                    break
            self._add(short, NameEntry(d.code, "stem", d.level))
        for name, code in CONTRACTIONS.items():
            if code in self.divisions:
                self._add(name, NameEntry(code, "abbr", self.divisions[code].level))
        for a in self.aliases:
            if a.code in self.divisions:
                self._add(a.name, NameEntry(a.code, "alias", a.old_level, a))
                for suffix in ("市", "县", "地区", "区"):
                    if a.name.endswith(suffix) and len(a.name) - len(suffix) >= 2:
                        self._add(a.name[: -len(suffix)], NameEntry(a.code, "stem", a.old_level, a))
                        break

    # ------------------------------------------------------------ look-ups

    def get(self, code: str | None) -> Division | None:
        if not code:
            return None
        return self.divisions.get(str(code).ljust(6, "0")[:6])

    def lookup(self, name: str) -> list[NameEntry]:
        return list(self.index.get(name, ()))

    def ancestors(self, code: str) -> list[Division]:
        """The division itself, then its parent, up to the province."""
        out = []
        d = self.get(code)
        while d is not None:
            out.append(d)
            d = self.get(d.parent) if d.parent else None
        return out

    def is_within(self, code: str, ancestor: str) -> bool:
        return any(a.code == ancestor for a in self.ancestors(code))

    def province_of(self, code: str) -> Division | None:
        return self.get(code[:2] + "0000")

    def prefecture_of(self, code: str) -> Division | None:
        return next((a for a in self.ancestors(code) if a.level == "prefecture"), None)

    def in_province(self, province_code: str, level: str | None = None) -> list[Division]:
        return [d for d in self.divisions.values()
                if d.code[:2] == province_code[:2] and (level is None or d.level == level)]


def short_code(code: str, level: str) -> str:
    """GB/T 2260 code as deep as the level: 53 · 5323 · 532329."""
    return {"province": code[:2], "prefecture": code[:4]}.get(level, code[:6])


def government_name(d: Division) -> str:
    """The name a division's government reports under (地区/盟 have 行政公署)."""
    if d.type in ("地区", "盟"):
        return d.name + "行政公署"
    return d.name + "人民政府"


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The process-wide gazetteer (loaded on first use, ~0.2 s)."""
    return Gazetteer()


def common_division(codes) -> Division | None:
    """The deepest division containing every one of `codes` (None when they share none)."""
    g = gazetteer()
    chains = [[a.code for a in reversed(g.ancestors(c))] for c in codes]
    common = None
    for level in zip(*chains):
        if len(set(level)) != 1:
            break
        common = level[0]
    return g.get(common) if common else None
