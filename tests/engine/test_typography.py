"""Chinese typesetting (briefpdf.engine.typography): the filter on its own, then real PDFs of
hard texts measured glyph by glyph (clreq: justification, 禁则, 标点挤压, mixed text)."""

from __future__ import annotations

import html
import io
import itertools
import json
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pytest
import weasyprint
from helpers import SAMPLE, TYPE_AREA, pdftotext
from hypothesis import given
from hypothesis import strategies as st

from briefpdf.engine import render, typography
from briefpdf.engine.render import render_pdf
from briefpdf.engine.typography import CLOSING, OPENING, gap_weight, typeset
from briefpdf.issue.loader import load_issue

LEFT, RIGHT = TYPE_AREA["left"], TYPE_AREA["right"]
BODY = 15.75  # pt, the body size of the jianbao layout
HARD_CASES = Path(__file__).parent / "typography" / "hard-cases.json"
INVISIBLE = "\u2060\u200b"
HAN = re.compile(r"[\u4e00-\u9fff]")


# ---- The filter ----


def visible_text(markup: str) -> str:
    """What a reader sees of typeset()'s HTML: tags and invisible joiners removed."""
    return html.unescape(re.sub(r"<[^>]+>", "", markup)).translate(
        {ord(c): None for c in INVISIBLE}
    )


@given(st.text(alphabet=st.sampled_from("澜湄合作，。、；：？！（）《》“”‘’——……·-/.@ Ab1<>&\"'")))
def test_typeset_adds_no_visible_character_and_escapes(text: str) -> None:
    markup = str(typeset(text))
    assert visible_text(markup) == text
    assert "<" not in re.sub(r'<span class="halt">|</span>', "", markup)


def joined(text: str) -> str:
    """typeset()'s HTML without the invisible characters that allow a line break."""
    return str(typeset(text)).replace("\u200b", "")


def test_adjacent_punctuation_pairs_are_marked_for_half_width() -> None:
    halt = '<span class="halt">{}</span>'.format
    typeset = joined
    # The first of a pair, unless it opens: then the second, which opens too.
    assert str(typeset("好。”")) == "好" + halt("。") + "”"
    assert str(typeset("“好”")) == halt("“") + "好”"  # it starts the paragraph
    assert str(typeset("甲（注）、")) == "甲（注" + halt("）") + "、"
    assert str(typeset("说：“是")) == "说" + halt("：") + "“是"
    assert str(typeset("甲“《书》”")) == "甲“" + halt("《") + "书" + halt("》") + "”"
    assert "halt" not in str(typeset("甲，乙（丙）甲"))


def test_breaking_hints() -> None:
    # A number stays with its unit; a URL may break after "/" and "." and before "-";
    # no line ends in "-", which pdftotext would take for a hyphenation.
    assert str(typeset("提供600亿立方米水")).startswith("提供600\u2060亿立方米")
    url = str(typeset("见https://a.org/x-y"))
    assert url == "见https://a.\u200borg/\u200bx\u200b-\u2060y"
    assert str(typeset("澜沧江-湄公河流域")).startswith("澜沧江-\u2060湄公河")
    assert str(typeset("IUCN ；甲（ 注")) == "IUCN \u2060；甲（ \u2060注"
    # A line may start with “ and end with ” (Pango 1.50 has no UAX #14 LB19a).
    assert str(typeset("说“是”与")).startswith("说\u200b“是”\u200b与")
    # The last two characters of a paragraph stay together.
    assert str(typeset("共同繁荣。")) == "共同繁\u2060荣。"


def test_gap_weights() -> None:
    assert gap_weight("澜", "湄") == 1
    assert gap_weight("澜", "A") == gap_weight("1", "年") == 0.5
    assert gap_weight("A", "b") == gap_weight("—", "—") == gap_weight("…", "…") == 0
    assert gap_weight("因", " ") == 0  # a space stretches on its own


def test_justification_opens_even_gaps_between_characters_only() -> None:
    # 10.4 em wide: ten characters to a line, 0.4 em of slack to spread.
    text = "澜湄环境合作中心推动区域绿色低碳与可持续发展知识共享务实合作Mekong推动区域" * 2
    document = weasyprint.HTML(
        string=f"<p lang=zh-CN style='width: 10.4em; text-align: justify'>{typeset(text)}</p>"
    )
    css = weasyprint.CSS(string="p { font: 20px 'Noto Serif CJK SC' }")
    pdf = io.BytesIO(document.write_pdf(stylesheets=[typography.STYLESHEET, css]))
    with pdfplumber.open(pdf) as opened:
        rows: dict[int, list[dict]] = {}
        for char in opened.pages[0].chars:
            rows.setdefault(round(char["top"]), []).append(char)
    lines = [sorted(row, key=lambda c: c["x0"]) for _, row in sorted(rows.items())]
    right = max(line[-1]["x1"] for line in lines)

    def gaps(line: list[dict]) -> list[tuple[str, float]]:
        return [(a["text"] + b["text"], b["x0"] - a["x1"]) for a, b in itertools.pairwise(line)]

    # The last line, not justified, gives the gaps of "Mekong" as set.
    mekong = [gap for pair, gap in gaps(lines[-1]) if pair.isascii()]
    for line in lines[:-1]:
        assert line[-1]["x1"] == pytest.approx(right, abs=0.1)
        chinese = [gap for pair, gap in gaps(line) if HAN.match(pair[0]) and HAN.match(pair[1])]
        assert max(chinese) - min(chinese) < 0.01  # even
        assert max(chinese) > 0.5  # and opened: 0.66 pt here
        if line[0]["text"] == "M":
            assert [gap for pair, gap in gaps(line) if pair.isascii()] == pytest.approx(mekong)


def test_briefpdf_refuses_to_extend_another_weasyprint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(weasyprint, "__version__", "71.0")
    with pytest.raises(RuntimeError, match=r"70\.0"):
        render.extend_weasyprint()


# ---- Real PDFs, measured ----


@dataclass
class Line:
    page: int
    chars: list[dict]

    @property
    def text(self) -> str:
        return "".join(c["text"] for c in self.chars)

    @property
    def x0(self) -> float:
        return self.chars[0]["x0"]

    @property
    def baseline(self) -> float:
        return self.chars[0]["bottom"]


def body_lines(pdf_path: Path) -> list[Line]:
    """The lines of body text (15.75 pt, set from the left edge or the 2 em indent)."""
    lines = []
    with pdfplumber.open(pdf_path) as pdf:
        for number, page in enumerate(pdf.pages):
            rows: dict[int, list[dict]] = {}
            for char in page.chars:
                if char["text"].strip() and abs(char["size"] - BODY) < 0.05:
                    rows.setdefault(round(char["bottom"]), []).append(char)
            for _, chars in sorted(rows.items()):
                line = Line(number, sorted(chars, key=lambda c: c["x0"]))
                indent = (line.x0 - LEFT) / BODY
                if min(abs(indent), abs(indent - 2)) < 0.6:  # not centred text
                    lines.append(line)
    return lines


def continues(line: Line, following: Line | None) -> bool:
    """Whether `following` is the next line of the same paragraph."""
    return (
        following is not None
        and abs(following.x0 - LEFT) < 0.6 * BODY
        and (following.page > line.page or following.baseline - line.baseline < 2 * BODY)
    )


def paragraphs(lines: list[Line]) -> list[list[Line]]:
    result: list[list[Line]] = []
    for i, line in enumerate(lines):
        if i == 0 or not continues(lines[i - 1], line):
            result.append([])
        result[-1].append(line)
    return result


def random_articles(seed: int) -> list[dict]:
    """Bulletin-like paragraphs of random length, full of the pieces that are hard to set:
    quotations (in quotations), book titles, Latin names, numbers with units, dashes."""
    words = [
        "澜湄", "合作", "环境", "生态", "绿色", "低碳", "可持续", "发展", "知识", "共享",
        "气候", "变化", "区域", "国家", "部门", "中心", "基础设施", "能力建设", "示范项目",
        "伙伴关系", "流域", "治理", "政策", "对话", "务实", "推动", "加强", "促进",
    ]  # fmt: skip
    rng = random.Random(seed)

    def phrase() -> str:
        text = "".join(rng.choice(words) for _ in range(rng.randint(1, 4)))
        return rng.choice(
            [
                text,
                text,
                text,
                f"“{text}”",
                f"《{text}》",
                f"“{text}‘{rng.choice(words)}’{text}”",
                f"{text}（{rng.choice(words)}）",
                f"{text}苏克萨蒙·帕塔马沃因 (Souksamone Pathammavong)",
                f"{text}昂觉蒙 (Aung Kyaw Moe)",
                f"{text} IUCN ",
                f"{rng.randint(2, 2030)}{rng.choice(['年', '个', '亿立方米', '%', '℃'])}{text}",
                f"{text}——{text}",
                f"{text}……",
            ]
        )

    def sentence() -> str:
        clauses = [phrase() for _ in range(rng.randint(1, 5))]
        return "".join(c + rng.choice("，，，、；：") for c in clauses[:-1]) + clauses[-1]

    body = [
        "".join(sentence().strip() + rng.choice(["。", "。", "！", "？", "。”", "）。"])
                for _ in range(rng.randint(1, 6)))
        for _ in range(14)
    ]  # fmt: skip
    headline = "".join(rng.choice(words) for _ in range(rng.randint(8, 16)))
    return [{"headline": headline, "body": body}]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Callable[[list[dict]], Path]:
    """Builds the sample issue with other articles; returns the PDF."""

    def build(articles: list[dict]) -> Path:
        folder = tmp_path_factory.mktemp("typography")
        data = json.loads(SAMPLE.read_text(encoding="utf-8"))
        data["articles"] = articles
        path = folder / "issue.json"
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        pdf = folder / "issue.pdf"
        pdf.write_bytes(render_pdf(load_issue(path), SAMPLE.parent).data)
        return pdf

    return build


@pytest.fixture(scope="module")
def hard_pdf(built: Callable[[list[dict]], Path]) -> Path:
    return built(json.loads(HARD_CASES.read_text(encoding="utf-8")))


@pytest.fixture(scope="module", params=["hard cases", 1, 2, 3])
def case(request: pytest.FixtureRequest, built: Callable[[list[dict]], Path]) -> tuple[Path, str]:
    """The hard cases, and random texts built from their pieces: the PDF and its text."""
    if request.param == "hard cases":
        articles = json.loads(HARD_CASES.read_text(encoding="utf-8"))
        return request.getfixturevalue("hard_pdf"), json.dumps(articles, ensure_ascii=False)
    articles = random_articles(request.param)
    return built(articles), json.dumps(articles, ensure_ascii=False)


def test_every_line_but_the_last_is_flush_without_wide_gaps(case: tuple[Path, str]) -> None:
    lines = body_lines(case[0])
    justified = [i for i, line in enumerate(lines[:-1]) if continues(line, lines[i + 1])]
    assert len(justified) > 10
    for i in justified:
        line = lines[i]
        right = line.chars[-1]["x1"]
        if line.text[-1] in CLOSING and right > RIGHT + 0.4 * BODY:
            right -= BODY / 2  # a mark set half-width: pdfplumber gives its full box
        assert abs(right - RIGHT) < 0.1 * BODY, line.text
        gaps = [(b["x0"] - a["x1"]) / BODY for a, b in itertools.pairwise(line.chars)]
        # Unless a Latin word that does not fit follows a line that no line above can
        # give characters to: the first of its paragraph, or after Latin text.
        if line.text.isascii() or (
            lines[i + 1].text[0].isascii()
            and (not continues(lines[i - 1], line) or not HAN.match(lines[i - 1].text[-1]))
        ):
            continue
        assert max(gaps) <= 0.5, line.text


def test_line_breaking_rules(case: tuple[Path, str]) -> None:
    lines = body_lines(case[0])
    for line in lines:
        assert line.text[0] not in CLOSING, line.text
        assert line.text[-1] not in OPENING, line.text
    for paragraph in paragraphs(lines):
        for line, following in itertools.pairwise(paragraph):
            end, start = line.text[-1], following.text[0]
            assert not (end == start and end in "—…"), "—— or …… split"
            assert not (end.isdigit() and HAN.match(start)), "a number split from its unit"
            # A Latin word or a number broken only where the text has a space.
            tail = re.search(r"[A-Za-z0-9.,%]*$", line.text).group()
            head = re.match(r"[A-Za-z0-9.,%]*", following.text).group()
            if tail and head:
                assert tail + head not in case[1], line.text
        if len(paragraph) > 1:
            last = "".join(c for c in paragraph[-1].text if HAN.match(c))
            assert len(last) >= 2, "a character alone on the last line"
        # No widow nor orphan: two lines at least on each page of a paragraph.
        pages = [line.page for line in paragraph]
        assert all(pages.count(page) >= 2 for page in set(pages)) or len(set(pages)) == 1


def test_adjacent_marks_take_one_and_a_half_widths(hard_pdf: Path) -> None:
    pairs = 0
    for line in body_lines(hard_pdf):
        for a, b, c in zip(line.chars, line.chars[1:], line.chars[2:], strict=False):
            if a["text"] + b["text"] in ("。”", "）、", "：“", "”，", "”“", "》《"):
                pairs += 1
                # From the first mark to what follows the pair: 1.5 em, and the gaps.
                assert (c["x0"] - a["x0"]) / BODY < 1.5 + 0.25, line.text
    assert pairs >= 8


def test_pdftotext_gives_back_the_text(hard_pdf: Path) -> None:
    # The running header and the page number, which interrupt a paragraph.
    text = re.sub(r"—\d+—|简报 2023年 第1期|澜沧江-湄公河环境合作中心", "", pdftotext(hard_pdf))
    for paragraph in json.loads(HARD_CASES.read_text(encoding="utf-8"))[0]["body"]:
        assert re.sub(r"\s", "", paragraph) in re.sub(r"\s", "", text)


def test_an_opening_mark_starting_a_paragraph_does_not_widen_the_indent(hard_pdf: Path) -> None:
    assert str(typeset("“澜湄周”")).startswith('<span class="halt">“</span>')
    starts = [line for line in body_lines(hard_pdf) if line.text.startswith("“澜湄周”活动")]
    assert starts[0].x0 == pytest.approx(LEFT + 1.5 * BODY, abs=0.3)  # 2 em, less ½ em


def test_headlines_are_set_in_balanced_lines(case: tuple[Path, str]) -> None:
    with pdfplumber.open(case[0]) as pdf:
        rows: dict[int, str] = {}
        for char in pdf.pages[0].chars:
            if abs(char["size"] - 22) < 0.05:
                rows[round(char["bottom"])] = rows.get(round(char["bottom"]), "") + char["text"]
    lengths = [len(line) for _, line in sorted(rows.items())]
    assert max(lengths) - min(lengths) <= 2, lengths


def test_kai_text_compresses_pairs_with_the_serif_marks(make_issue: Callable[..., Path]) -> None:
    # LXGW WenKai, the about box's face, has no "halt": the marks come from the serif.
    path = make_issue(about="他说：“澜湄合作。”（见《报告》）、中心成立于2017年。")
    pdf = io.BytesIO(render_pdf(load_issue(path), path.parent).data)
    with pdfplumber.open(pdf) as document:
        chars = [c for c in document.pages[-1].chars if abs(c["size"] - 12) < 0.05]
    text = "".join(c["text"] for c in chars)
    start = text.index("他说")
    advances = {
        a["text"]: round((b["x0"] - a["x0"]) / 12, 2)
        for a, b in itertools.pairwise(chars[start : start + 18])
        if a["text"] in "：。》）"
    }
    assert advances == {"：": 0.5, "。": 0.5, "》": 0.5, "）": 0.5}


def test_lao_and_myanmar_may_break_between_syllables_only() -> None:
    # Pango breaks them only at spaces; typeset marks the syllable boundaries the spelling
    # makes certain. Thai is left to Pango, which knows its words (libthai).
    def pieces(text: str) -> list[str]:
        return [visible_text(piece) for piece in str(typeset(text)).split("\u200b")]

    assert pieces("ກະຊວງຊັບພະຍາກອນທຳມະຊາດ") == ["ກະ", "ຊວງຊັບພະ", "ຍາກອນທຳ", "ມະ", "ຊາດ"]
    assert pieces("ເສດຖະກິດແລະສັງຄົມ") == ["ເສດຖະ", "ກິດ", "ແລະ", "ສັງຄົມ"]
    assert pieces("သဘာဝပတ်ဝန်းကျင်") == ["သ", "ဘာ", "ဝ", "ပတ်", "ဝန်း", "ကျင်"]
    # A kinzi (င်္) and a stacked consonant (္) stay in their syllable; so does နှင့်.
    assert pieces("မင်္ဂလာပါ နှင့် ဗုဒ္ဓ") == ["မင်္ဂ", "လာ", "ပါ နှင့် ဗုဒ္ဓ"]
    assert pieces("กระทรวงทรัพยากรธรรมชาติ") == ["กระทรวงทรัพยากรธรรมชาติ"]
    # Never between an opening bracket and the name it opens.
    assert pieces("（ပတ်ဝန်း）")[0] == "（ပတ်"


def test_a_balanced_headline_breaks_a_name_in_another_script_only_at_its_spaces() -> None:
    thai = "กระทรวงทรัพยากรธรรมชาติและสิ่งแวดล้อม"
    vietnamese = "Bộ Tài nguyên và Môi trường"
    for name in (thai, vietnamese):
        headline = f"澜湄五国环境部门代表（{name}）在昆明交流并出席开幕式"
        lines = [visible_text(line) for line in str(typeset(headline, balance=20)).split("<br>")]
        assert len(lines) > 1
        for word in name.split():
            assert any(word in line for line in lines), (word, lines)


def test_no_gap_opens_before_a_combining_mark() -> None:
    # Justification widens the glyph before a gap: before a Thai vowel or tone mark, a
    # Myanmar medial or a combining tone, it would push the mark off its letter.
    for mark in "\u0e34\u0e48\u0eb4\u103b\u1039\u17d2\u0303":
        for letter in "ส澜aထក":
            assert gap_weight(letter, mark) == 0
    assert gap_weight("澜", "ส") == 0.5  # between Chinese and a Thai letter, as for Latin
