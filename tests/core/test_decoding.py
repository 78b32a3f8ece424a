"""Decoding order (BOM → header → meta → detection) and GBK read as GB18030."""

import codecs

import pytest

from govlake.decoding import UndecodableContent, decode_bytes

TEXT = "朱镕基同志视察泾源县人民政府,收到申请6件。"  # 镕 is outside GB2312


def test_gbk_without_any_declaration_is_detected_as_gb18030():
    data = ("<html><body><p>" + TEXT * 20 + "</p></body></html>").encode("gb18030")
    d = decode_bytes(data)
    assert d.encoding == "gb18030" and d.method == "detected"
    assert TEXT in d.text


def test_declared_gb2312_is_decoded_as_gb18030_so_rare_characters_survive():
    data = ('<meta charset="gb2312"><p>' + TEXT + "</p>").encode("gb18030")
    d = decode_bytes(data)
    assert (d.encoding, d.method, d.declared) == ("gb18030", "meta", "gb2312")
    assert "镕" in d.text


def test_header_charset_beats_meta_and_iso_8859_1_default_is_ignored():
    data = ('<meta charset="big5"><p>' + TEXT + "</p>").encode("utf-8")
    assert decode_bytes(data, "text/html; charset=UTF-8").method == "header"
    # requests' ISO-8859-1 guess is no declaration: fall through to detection
    d = decode_bytes(("<p>" + TEXT + "</p>").encode("gb18030"), "text/html; charset=ISO-8859-1")
    assert d.encoding == "gb18030" and d.method == "detected" and TEXT in d.text
    # a meta tag that lies (utf-8 on GBK bytes) fails strict decoding and falls through
    d = decode_bytes(('<meta charset="utf-8"><p>' + TEXT + "</p>").encode("gb18030"))
    assert d.encoding == "gb18030" and d.method == "detected" and TEXT in d.text


def test_bom_wins():
    d = decode_bytes(codecs.BOM_UTF8 + TEXT.encode("utf-8"), "text/html; charset=gbk")
    assert (d.encoding, d.method, d.text) == ("utf-8", "bom", TEXT)


def test_big5_page():
    trad = "涇源縣人民政府政府資訊公開工作年度報告,收到申請六件。" * 10
    d = decode_bytes(trad.encode("big5"))
    assert "報告" in d.text


@pytest.mark.parametrize("data,reason", [
    (b"", "empty"),
    (b"%PDF-1.7\n...", "PDF"),
    (b"\x89PNG\r\n\x1a\n....", "PNG"),
    (b"\x00\x01\x02\x03" * 500, "NUL"),
])
def test_binary_is_refused_with_a_reason(data, reason):
    with pytest.raises(UndecodableContent, match=reason):
        decode_bytes(data)
