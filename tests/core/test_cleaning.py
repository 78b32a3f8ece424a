"""trafilatura keeps the article and its tables as rows; boilerplate goes."""

from govlake.cleaning import clean_document
from govlake.decoding import decode_bytes
from tests.conftest import sample


def _clean(prefix):
    path = sample(prefix, ".html")
    return clean_document(decode_bytes(path.read_bytes()).text, filename=path.name)


def test_huaxi_page_keeps_table_rows_and_metadata():
    c = _clean("001")
    assert c.kind == "html" and c.extractor == "trafilatura"
    assert c.title.startswith("花溪区2021年政府信息公开工作年度报告")
    rows = [ln for ln in c.text.splitlines() if "本年新收政府信息公开申请数量" in ln]
    assert rows and rows[0].startswith("|")
    cells = [x.strip() for x in rows[0].strip("|").split("|")]
    assert [x for x in cells if x][1:] == ["117", "8", "0", "0", "0", "0", "125"]


def test_gbk_page_without_charset_cleans_to_simplified_text():
    c = _clean("002")
    assert "泾源县" in c.text
    assert "三、收到和处理政府信息公开申请情况" in c.text


def test_plain_text_is_normalized_full_width_to_ascii():
    c = clean_document("报告\n(一)予以公开　１２５件\n", filename="x.txt")
    assert c.kind == "text" and "(一)予以公开 125件" in c.text


def test_malformed_html_does_not_crash():
    c = clean_document("<html><body><table><tr><td>收到申请<td>6</table></p></div>",
                       filename="x.html")
    assert "6" in c.text
