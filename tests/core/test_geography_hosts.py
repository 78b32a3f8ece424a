"""The source host as a place (hostindex), bare units (parent) and townships.

Expected values are written by hand from GB/T 2260 (the vendored divisions.tsv) and
the township list (townships.tsv); no mocks.
"""

from govlake.geography import resolve_unit
from govlake.geography.hostindex import host_index, host_place, read_host

BUREAU_TEXT = ("区教育局2022年政府信息公开工作年度报告\n一、总体情况\n"
               "2022年，我局认真贯彻落实《中华人民共和国政府信息公开条例》，主动公开政府信息120条。")


def _place(r):
    return (r.province_key, r.prefecture, r.county, r.admin_level, r.region_code)


# ------------------------------------------------------------------ reading hosts


def test_host_labels_read_as_places():
    assert read_host("www.gzhuaxi.gov.cn").codes == ("520111",)          # 贵州 + 花溪区
    assert read_host("hzxh.gov.cn").codes == ("330106",)                 # 杭州 + 西湖区 (initials pair)
    assert read_host("xxgk.sxgp.gov.cn").codes == ("140581",)            # 山西 + 高平市
    assert read_host("snqindu.gov.cn").codes == ("610402",)              # 陕西 + 秦都区
    assert read_host("www.huaxi.gygov.gov.cn").codes == ("520111",)      # child label, then parent
    assert read_host("jiangsu.gov.cn").codes == ("320000",)
    assert read_host("xxgk.yn.gov.cn").codes == ("530000",)
    assert read_host("sthjt.hunan.gov.cn").codes == ("430000",)          # a department's label
    assert read_host("scjg.baotou.gov.cn").codes == ("150200",)          # scjg is no place in 包头
    assert read_host("www.sz.gov.cn").codes == ("440300",)               # 深圳's portal
    assert read_host("https://www.minhe.gov.cn/html/1.html").codes == ("630222",)
    assert read_host("www.qiaokou.gov.cn").codes == ("420104",)


def test_department_sites_and_known_portals():
    assert read_host("www.gdhrss.gov.cn").codes == ("440000",)           # 广东 + 人社厅
    assert read_host("www.zjwjw.gov.cn").codes == ("330000",)            # 浙江 + 卫健委
    assert read_host("www.xixianxinqu.gov.cn").codes == ("610000",)      # 西咸新区: in 陕西
    # 太平镇 is in 54 counties, one of them in 陕西 (泾阳县)
    r = resolve_unit("太平镇人民政府", "太平镇人民政府2022年政府信息公开工作年度报告",
                     host="www.xixianxinqu.gov.cn")
    assert _place(r) == ("shaanxi", "咸阳市", "泾阳县", "township", "610423")


def test_ambiguous_and_unofficial_hosts_read_nothing_certain():
    assert read_host("bsgg666.com") is None
    assert read_host("njhuashan.com") is None
    assert read_host("www.gov.cn") is None
    assert read_host("www.hn.gov.cn") is None                            # 湖南 | 河南 | 海南
    assert read_host("qianan.gov.cn").codes == ("130283", "220723")      # 迁安市 | 乾安县
    assert host_place("qianan.gov.cn") is None
    assert host_place("qianan.gov.cn", "迁安市教育局").division.name == "迁安市"
    assert read_host("www.lishui.gov.cn").codes == ("320117", "331100")  # 溧水区 | 丽水市
    assert host_place("www.lishui.gov.cn", "市政府常务副市长") is None
    # two candidates in one province: only the province is certain
    assert read_host("gsgz.gov.cn").codes == ("620702", "620922")        # 甘州区 | 瓜州县
    assert host_place("gsgz.gov.cn").division.name == "甘肃省"


def test_initials_alone_need_the_text():
    r = read_host("www.hlx.gov.cn")
    assert not r.strong and "610631" in r.codes and len(r.codes) > 1
    assert host_place("www.hlx.gov.cn", "我局认真贯彻") is None
    assert host_place("www.hlx.gov.cn", "根据黄龙县人民政府办公室要求").division.code == "610631"
    assert host_place("www.dwk.gov.cn") is None                          # 大武口区, initials only
    assert host_place("www.dwk.gov.cn", "大武口区应急管理局").division.code == "640202"


def test_index_built_once_and_cached():
    assert host_index() is host_index()
    assert read_host("www.gzhuaxi.gov.cn") is read_host("www.gzhuaxi.gov.cn")


# ------------------------------------------------------------------ resolve_unit with a host


def test_bare_bureau_on_a_district_site():
    r = resolve_unit("区教育局", BUREAU_TEXT, host="www.gzhuaxi.gov.cn")
    assert _place(r) == ("guizhou", "贵阳市", "花溪区", "department", "520111")
    assert r.unit_name == "花溪区教育局"
    r = resolve_unit(None, BUREAU_TEXT, host="www.gzhuaxi.gov.cn")       # found in the text
    assert _place(r) == ("guizhou", "贵阳市", "花溪区", "department", "520111")


def test_qianan_host_with_the_text():
    text = ("市教育局2022年政府信息公开工作年度报告\n一、总体情况\n"
            "2022年，市教育局在迁安市委、市政府的领导下，认真贯彻落实《条例》。")
    r = resolve_unit(None, text, host="qianan.gov.cn")
    assert _place(r) == ("hebei", "唐山市", "迁安市", "department", "130283")
    assert r.unit_name == "迁安市教育局"
    # the host alone: 迁安市 or 乾安县, so no place
    r = resolve_unit("市教育局", "2022年，我局认真贯彻落实《条例》。", host="qianan.gov.cn")
    assert r.province_key is None and r.admin_level == "department"


def test_county_bureau_on_its_county_site():
    r = resolve_unit("县教育局", "县教育局2023年政府信息公开工作年度报告", host="www.minhe.gov.cn")
    assert _place(r) == ("qinghai", "海东市", "民和回族土族自治县", "department", "630222")
    assert r.unit_name == "民和回族土族自治县教育局"
    # a 区 government's office on 硚口区's site is the district's own report
    r = resolve_unit(None, "2024年，区人民政府办公室坚持以公开为常态。", host="www.qiaokou.gov.cn")
    assert _place(r) == ("hubei", "武汉市", "硚口区", "county", "420104")


def test_self_reference_with_a_host():
    text = "一、总体情况\n2024年，我区深入贯彻落实《条例》规定，我区全年发布信息3659条。"
    r = resolve_unit(None, text, host="snqindu.gov.cn")
    assert _place(r) == ("shaanxi", "咸阳市", "秦都区", "county", "610402")


def test_mirror_host_gives_no_place():
    for host in ("bsgg666.com", "njhuashan.com", "www.gzhuaxi.com"):
        r = resolve_unit("区教育局", BUREAU_TEXT, host=host)
        assert r.province_key is None and r.region_code is None
        assert r.admin_level == "department"


def test_host_matching_two_divisions_gives_no_place():
    r = resolve_unit("市教育局", "2022年，我局认真贯彻落实《条例》。", host="www.lishui.gov.cn")
    assert r.province_key is None and r.region_code is None
    r = resolve_unit("市教育局", "2022年，丽水市教育局认真贯彻落实《条例》。", host="www.lishui.gov.cn")
    assert _place(r) == ("zhejiang", "丽水市", None, "department", "3311")


def test_text_wins_over_the_host():
    r = resolve_unit("武定县人民政府", "", host="www.gzhuaxi.gov.cn")
    assert _place(r) == ("yunnan", "楚雄彝族自治州", "武定县", "county", "532329")
    assert "text wins" in r.reason and "花溪区" in r.reason


# ------------------------------------------------------------------ departments


def test_departments_take_their_parent_division():
    assert _place(resolve_unit("赣州市统计局")) == ("jiangxi", "赣州市", None, "department", "3607")
    assert _place(resolve_unit("南康区财政局")) == ("jiangxi", "赣州市", "南康区", "department", "360703")
    assert _place(resolve_unit("云南省教育厅")) == ("yunnan", None, None, "department", "53")
    r = resolve_unit("楚雄州民政局")
    assert _place(r) == ("yunnan", "楚雄彝族自治州", None, "department", "5323")
    assert r.unit_name == "楚雄彝族自治州民政局"
    r = resolve_unit("武定县市场监督管理局")
    assert _place(r) == ("yunnan", "楚雄彝族自治州", "武定县", "department", "532329")
    r = resolve_unit(None, "要求，黄龙县市场监督管理局结合单位实际，编制本单位2022年度政务公开工作年度报告。")
    assert _place(r) == ("shaanxi", "延安市", "黄龙县", "department", "610631")
    # the same, an issuing notice before it (c006): the verb nearest the unit counts
    r = resolve_unit(None, "根据黄龙县人民政府办公室《关于做好2022年政府信息公开年度报告的通知》要求,"
                           "黄龙县市场监督管理局结合单位实际,编制本单位2022年度政务公开工作年度报告。")
    assert _place(r) == ("shaanxi", "延安市", "黄龙县", "department", "610631")
    # the unit with its second name, a long basis before 编制 (fresh4 m031, a mirror copy)
    r = resolve_unit(None, "杭州市余杭区司法局(区行政复议局)根据《中华人民共和国政府信息公开条例》"
                           "《浙江省政府信息公开暂行办法》等规定编制本报告。")
    assert _place(r) == ("zhejiang", "杭州市", "余杭区", "department", "330110")


# ------------------------------------------------------------------ townships


def test_township_unique_in_the_country():
    r = resolve_unit("底张街道办事处")
    assert _place(r) == ("shaanxi", "咸阳市", "渭城区", "township", "610404")
    r = resolve_unit("宝力根花苏木人民政府")
    assert _place(r) == ("neimenggu", "兴安盟", "扎赉特旗", "township", "152223")
    assert r.unit_name == "宝力根花苏木人民政府"
    # a new-area prefix is no division: 西咸新区 + 底张街道
    r = resolve_unit("西咸新区底张街道办事处")
    assert _place(r) == ("shaanxi", "咸阳市", "渭城区", "township", "610404")
    assert r.unit_name == "西咸新区底张街道办事处"


def test_township_name_holding_a_county_stem():
    # 建宁乡 holds the stem of 宁乡市 (湖南); it is 高平市's township (山西)
    r = resolve_unit("建宁乡人民政府")
    assert _place(r) == ("shanxi", "晋城市", "高平市", "township", "140581")
    assert r.unit_name == "建宁乡人民政府"


def test_ambiguous_township_left_at_the_certain_level():
    r = resolve_unit("南孟镇人民政府")                       # 藁城区 and 霸州市, both 河北
    assert _place(r) == ("hebei", None, None, "township", "13")
    r = resolve_unit("城关镇人民政府")                       # 99 counties
    assert r.province_key is None and r.admin_level == "township"
    # the text names the county: settled
    r = resolve_unit("南孟镇人民政府", "霸州市南孟镇2022年政府信息公开工作年度报告")
    assert _place(r) == ("hebei", "廊坊市", "霸州市", "township", "131081")


def test_township_settled_or_placed_by_the_host():
    r = resolve_unit(None, "东街街道2023年度政府信息公开工作年度报告\n一、总体情况", host="gsgz.gov.cn")
    assert _place(r) == ("gansu", "张掖市", "甘州区", "township", "620702")
    # 厚桥街道 is missing from the township list: the county's own site places it
    r = resolve_unit("厚桥街道办事处", "", host="www.jsxishan.gov.cn")
    assert _place(r) == ("jiangsu", "无锡市", "锡山区", "township", "320205")
    assert r.unit_name == "厚桥街道办事处"
    # a name cut short of the township the text names
    text = "由无锡市锡山区人民政府厚桥街道党政办公室综合科编制。"
    r = resolve_unit("无锡市锡山区人民政府", text)
    assert _place(r) == ("jiangsu", "无锡市", "锡山区", "township", "320205")


def test_an_autonomous_region_unit_on_its_regions_host():
    # sthjt.xinjiang.gov.cn: 'xinjiang' spells 新疆 and 新绛县 alike; a 自治区 body's parent
    # is a province, and only one of the two is
    r = resolve_unit("自治区生态环境厅", "一、总体情况", host="sthjt.xinjiang.gov.cn")
    assert (r.province_key, r.admin_level, r.unit_name) == (
        "xinjiang", "department", "新疆维吾尔自治区生态环境厅")
    # without the host nothing places it
    assert resolve_unit("自治区生态环境厅", "一、总体情况").province_key is None


def test_double_initials_zh_ch_sh():
    # www.bjtzh.gov.cn is 北京市通州区's site (t + zh: 通州), a real street office's host
    r = read_host("www.bjtzh.gov.cn")
    assert r is not None and r.codes == ("110112",) and r.strong
