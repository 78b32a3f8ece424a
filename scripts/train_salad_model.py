"""Build govlake/data/contamination/salad_model.json.gz, the character bigram
model that scores word-salad sentences.

Trained on clean report text only: seeds 001 and 002 as they are, seeds 000,
003 and 004 after contamination repair (minus the lines that still carry spam),
the template's fixed wording (section headings and table labels) and the
lexicon's allowlist and enforcement words (ordinary government vocabulary). Run:

    .venv/bin/python scripts/train_salad_model.py
"""

from __future__ import annotations

import gzip
import json
import re
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from govlake.contamination import analyze  # noqa: E402
from govlake.contamination.lexicon import vocabulary  # noqa: E402
from govlake.contamination.seeds import load_seed  # noqa: E402

OUT = REPO / "govlake" / "data" / "contamination" / "salad_model.json.gz"

TEMPLATE = """
本报告根据《中华人民共和国政府信息公开条例》要求编制。
一、总体情况 二、主动公开政府信息情况 三、收到和处理政府信息公开申请情况
四、政府信息公开行政复议、行政诉讼情况 五、存在的主要问题及改进情况 六、其他需要报告的事项
第二十条第(一)项 信息内容 本年新制作数量 本年新公开数量 对外公开总数量 本年制发件数 本年废止件数 现行有效件数 规章 行政规范性文件 规范性文件
第二十条第(五)项 上一年项目数量 本年增/减 处理决定数量 本年处理决定数量 行政许可 其他对外管理服务事项
第二十条第(六)项 行政处罚 行政强制 第二十条第(八)项 本年收费金额(单位:万元) 行政事业性收费
第二十条第(九)项 采购项目数量 采购总金额 政府集中采购
(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和) 申请人情况 自然人 法人或其他组织 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计
一、本年新收政府信息公开申请数量 二、上年结转政府信息公开申请数量 三、本年度办理结果 (一)予以公开
(二)部分公开(区分处理的,只计这一情形,不计其他情形) (三)不予公开 1.属于国家秘密 2.其他法律行政法规禁止公开
3.危及“三安全一稳定” 4.保护第三方合法权益 5.属于三类内部事务信息 6.属于四类过程性信息 7.属于行政执法案卷 8.属于行政查询事项
(四)无法提供 1.本机关不掌握相关政府信息 2.没有现成信息需要另行制作 3.补正后申请内容仍不明确
(五)不予处理 1.信访举报投诉类申请 2.重复申请 3.要求提供公开出版物 4.无正当理由大量反复申请 5.要求行政机关确认或重新出具已获取信息
(六)其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 3.其他
(七)总计 四、结转下年度继续办理
行政复议 行政诉讼 结果维持 结果纠正 其他结果 尚未审结 总计 未经复议直接起诉 复议后起诉
指标名称 单位 数量 主动公开政府信息数 收到申请数 当面申请数 传真申请数 网络申请数 信函申请数 同意公开答复数
同意部分公开答复数 不同意公开答复数 行政复议数量 行政诉讼数量 举报投诉数量 收取的费用 历年累计
"""


def clean_texts() -> list[str]:
    texts = [load_seed("001"), load_seed("002"), TEMPLATE, "\n".join(vocabulary())]
    for prefix in ("000", "003", "004"):
        r = analyze(load_seed(prefix))
        kept = []
        for line in r.repaired_text.split("\n"):
            # lines that still carry page furniture or spam (004's 文章摘要 holds the word salad)
            if re.search(r"文章摘要|本文地址|http|www\.|\.jpg", line):
                continue
            kept.append(line)
        texts.append("\n".join(kept))
    return texts


def train(texts: list[str]) -> dict:
    uni: Counter = Counter()
    bi: Counter = Counter()
    for text in texts:
        for run in re.findall(r"[\u3400-\u9fff]+", text):
            uni.update(run)
            bi.update(run[i:i + 2] for i in range(len(run) - 1))
    return {"uni": dict(sorted(uni.items())), "bi": dict(sorted(bi.items()))}


def main() -> None:
    model = train(clean_texts())
    data = json.dumps(model, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    # mtime=0: the same input gives the same bytes (commit-friendly)
    OUT.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes, {len(model['uni'])} chars, {len(model['bi'])} bigrams)")


if __name__ == "__main__":
    main()
