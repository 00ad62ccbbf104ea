"""Chinese typesetting (briefpdf.engine.typography): the filter on its own, then real PDFs of
hard texts measured glyph by glyph (clreq: justification, 禁则, 标点挤压, mixed text)."""

from __future__ import annotations

import html
import io
import itertools
import json
import random
import re
import subprocess
import sys
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
# Texts dense with Latin names, organisations, numbers with Latin units and addresses.
DENSE_LATIN = Path(__file__).parent / "typography" / "dense-latin.json"
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
                    # By baseline, give or take: a letter from a fallback font (the ầ of
                    # Cần Thơ) has a box of other heights.
                    rows.setdefault(round(char["bottom"] / (0.3 * BODY)), []).append(char)
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


RANDOM_WORDS = [
    "澜湄", "合作", "环境", "生态", "绿色", "低碳", "可持续", "发展", "知识", "共享",
    "气候", "变化", "区域", "国家", "部门", "中心", "基础设施", "能力建设", "示范项目",
    "伙伴关系", "流域", "治理", "政策", "对话", "务实", "推动", "加强", "促进",
]  # fmt: skip


LATIN_NAMES = [
    "Mekong River Commission", "Stockholm Environment Institute", "World Bank",
    "International Water Management Institute", "Chulalongkorn University", "Tonlé Sap",
    "Asian Development Bank, ADB", "Anoulak Kittikhoun", "Margaretha van der Velde",
    "Badan Riset dan Inovasi Nasional, BRIN", "Xishuangbanna Tropical Botanical Garden",
]  # fmt: skip
ADDRESSES = [
    "https://www.lmec.org.cn/reports/2024/annual-summary-zh.pdf",
    "https://www.mrcmekong.org/our-work/transboundary-cooperation/",
    "https://doi.org/10.5281/zenodo.10457731", "www.lmec.org.cn",
    "secretariat@mekong-environment.org", "info.lmec@environment-cooperation.org.cn",
]  # fmt: skip


def random_articles(seed: int, latin: bool = False) -> list[dict]:
    """Bulletin-like paragraphs of random length, full of the pieces that are hard to set:
    quotations (in quotations), book titles, Latin names, numbers with units, dashes;
    with `latin`, dense with Latin names, numbers with Latin units and addresses."""
    words = RANDOM_WORDS
    rng = random.Random(seed)

    def phrase() -> str:
        text = "".join(rng.choice(words) for _ in range(rng.randint(1, 4)))
        if latin and rng.random() < 0.5:
            return rng.choice(
                [
                    f"{text} ({rng.choice(LATIN_NAMES)}) ",
                    f"{text}{rng.choice(LATIN_NAMES)}",
                    f"{text} {rng.choice(ADDRESSES)} ",
                    f"{text}{rng.randint(2, 2030)} {rng.choice(['MW', 'km', 'm', 'MWh', 'GW'])}",
                    f"{text}{rng.choice(['Sentinel-2', 'Landsat 8', 'eDNA', 'LiDAR'])}{text}",
                ]
            )
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


@pytest.fixture(scope="module")
def dense_pdf(built: Callable[[list[dict]], Path]) -> Path:
    return built(json.loads(DENSE_LATIN.read_text(encoding="utf-8")))


@pytest.fixture(scope="module", params=["hard cases", "dense latin", 1, 2, 3, "latin 4"])
def case(request: pytest.FixtureRequest, built: Callable[[list[dict]], Path]) -> tuple[Path, str]:
    """The hard cases, the texts dense with Latin, and random texts built from their
    pieces: the PDF and its text."""
    if request.param in ("hard cases", "dense latin"):
        path, pdf = {
            "hard cases": (HARD_CASES, "hard_pdf"),
            "dense latin": (DENSE_LATIN, "dense_pdf"),
        }[request.param]
        articles = json.loads(path.read_text(encoding="utf-8"))
        return request.getfixturevalue(pdf), json.dumps(articles, ensure_ascii=False)
    if isinstance(request.param, str):
        articles = random_articles(int(request.param.split()[1]), latin=True)
    else:
        articles = random_articles(request.param)
    return built(articles), json.dumps(articles, ensure_ascii=False)


def test_every_line_but_the_last_is_flush_without_a_gap_over_035_em(case: tuple[Path, str]) -> None:
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
        # No gap wider than a stretched Latin space (0.35 em), not even on a line that a
        # Latin word which did not fit left short.
        assert max(gaps) <= typography.MAX_GAP + 0.005, line.text


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
            # A Latin word or a number broken only where the text has a space (an address
            # also after "." and "/", and before "-" and "@").
            tail = re.search(r"[A-Za-z0-9.,%]*$", line.text).group()
            head = re.match(r"[A-Za-z0-9.,%]*", following.text).group()
            if tail and head:
                for address in re.finditer(r"[^\s\u3000-\uffef]*[/@][^\s\u3000-\uffef]*", case[1]):
                    if tail + head in address.group():
                        break
                else:
                    assert tail + head not in case[1], line.text
        if len(paragraph) > 1:  # two characters at least on the last line, or a Latin word
            last = "".join(c for c in paragraph[-1].text if HAN.match(c) or c.isalnum())
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


@pytest.mark.parametrize("fixture", ["hard_pdf", "dense_pdf"])
def test_pdftotext_gives_back_the_text(fixture: str, request: pytest.FixtureRequest) -> None:
    # Hyphenated Latin words too: poppler joins a word hyphenated at the end of a line.
    pdf = request.getfixturevalue(fixture)
    # The running header and the page number, which interrupt a paragraph.
    text = re.sub(r"—\d+—|简报 2023年 第1期|澜沧江-湄公河环境合作中心", "", pdftotext(pdf))
    for article in json.loads(
        {"hard_pdf": HARD_CASES, "dense_pdf": DENSE_LATIN}[fixture].read_text(encoding="utf-8")
    ):
        for paragraph in article["body"]:
            assert re.sub(r"\s", "", paragraph) in re.sub(r"\s", "", text)


# Lines that need each latitude clreq gives a mixed line, the first of a paragraph (no
# line above can break earlier to fill it).
LATITUDES = [
    # A tight line sets marks half-width to take the Latin word that did not fit.
    "澜湄合作，环境治理、气候变化；生态保护：经 Commission 流域国家共同推动区域可持续发展，加强合作。",
    # A line with no mark to set half-width takes the first syllables of the long Latin
    # word that did not fit, hyphenated (pyphen's en_GB patterns: In-ter-na-tion-al).
    "澜湄环境合作中心与生态环境部门共同推动合作 (International Union for Conservation of Nature) 与区域伙伴。",
]


@pytest.fixture(scope="module")
def latitude_lines(built: Callable[[list[dict]], Path]) -> list[Line]:
    return body_lines(built([{"headline": "澜湄合作", "body": LATITUDES}]))


def test_a_tight_line_sets_marks_half_width_to_take_a_latin_word(
    latitude_lines: list[Line],
) -> None:
    line = next(line for line in latitude_lines if line.text.startswith("澜湄合作，"))
    assert line.text.endswith("Commission")
    advances = [(b["x0"] - a["x0"]) / BODY for a, b in itertools.pairwise(line.chars)]
    marks = [
        advance for advance, char in zip(advances, line.text, strict=False) if char in "，、；："
    ]
    assert len(marks) == 4 and sum(advance < 0.6 for advance in marks) >= 1, marks
    assert max(b["x0"] - a["x1"] for a, b in itertools.pairwise(line.chars)) / BODY <= 0.355


def test_a_long_latin_word_is_hyphenated_when_nothing_else_keeps_the_line_even(
    latitude_lines: list[Line],
) -> None:
    k = next(k for k, line in enumerate(latitude_lines) if line.text.startswith("澜湄环境"))
    assert latitude_lines[k].text.endswith("(Interna-")
    assert latitude_lines[k + 1].text.startswith("tional")
    gaps = [b["x0"] - a["x1"] for a, b in itertools.pairwise(latitude_lines[k].chars)]
    assert max(gaps) / BODY <= 0.355


def test_an_opening_mark_starting_a_paragraph_does_not_widen_the_indent(hard_pdf: Path) -> None:
    assert str(typeset("“澜湄周”")).startswith('<span class="halt">“</span>')
    starts = [line for line in body_lines(hard_pdf) if line.text.startswith("“澜湄周”活动")]
    assert starts[0].x0 == pytest.approx(LEFT + 1.5 * BODY, abs=0.3)  # 2 em, less ½ em


def headline_lines(pdf_path: Path) -> list[str]:
    """The lines of the 22 pt headline on page 1, as set."""
    with pdfplumber.open(pdf_path) as pdf:
        rows: dict[int, str] = {}
        for char in pdf.pages[0].chars:
            if abs(char["size"] - 22) < 0.05:
                rows[round(char["bottom"])] = rows.get(round(char["bottom"]), "") + char["text"]
    return [line for _, line in sorted(rows.items())]


def test_headlines_are_set_in_balanced_lines_between_words(case: tuple[Path, str]) -> None:
    lines = headline_lines(case[0])
    headline = json.loads(case[1])[0]["headline"]
    assert "".join(lines) == headline.replace(" ", "")
    assert 1 < len(lines) <= -(-len(headline) // 19) + 1, lines
    ends = list(itertools.accumulate(len(line) for line in lines))[:-1]
    # No word the text was made of (the random ones), nor a title that fits a line, is broken.
    for word in [*RANDOM_WORDS, *re.findall(r"《[^》]{,17}》", headline)]:
        for start in (m.start() for m in re.finditer(re.escape(word), headline)):
            assert not any(start < end < start + len(word) for end in ends), (word, lines)
    if "《" not in headline:  # a title kept whole may leave the lines uneven
        assert max(map(len, lines)) - min(map(len, lines)) <= 4, lines


def test_the_sample_headline_breaks_between_words(sample_pdf: Path) -> None:
    assert headline_lines(sample_pdf) == [
        "绿色澜湄计划：澜湄绿色低碳与可持续",
        "基础设施知识共享圆桌对话在京召开",
    ]


def balanced(text: str, measure: float = 20) -> list[str]:
    """The lines typeset() breaks a headline into, as a reader sees them."""
    return visible_text(str(typeset(text, balance=measure)).replace("<br>", "\n")).split("\n")


@pytest.mark.parametrize(
    ("text", "whole"),
    [
        # Each text's middle falls inside what must stay on one line.
        ("澜湄国家今年共同投入资金约3.2亿美元建设区域气候韧性基础设施", "3.2亿美元"),
        ("澜湄中心新增光伏装机容量45 MW推动区域能源绿色低碳转型", "45 MW"),
        ("澜湄中心邀请国际专家Pathammavong介绍区域绿色合作经验", "Pathammavong"),
        ("澜湄国家代表共同发布《澜湄合作年度报告》并启动区域气候网络", "《澜湄合作年度报告》"),
        ("澜湄生态环境部门代表团访问柬埔寨并考察流域综合治理工作", "柬埔寨"),  # ICU's dictionary
        ("澜湄六国生态环境部门代表在湄公河上游考察流域综合治理工作", "湄公河"),  # words-zh.txt
        ("澜湄环境合作中心邀请老挝专家苏克萨蒙·帕塔马沃因介绍区域合作经验", "苏克萨蒙·帕塔马沃因"),
        ("绿色澜湄计划：澜湄绿色低碳与可持续基础设施知识共享圆桌对话在京召开", "可持续"),
    ],
)
def test_a_headline_keeps_whole(text: str, whole: str) -> None:
    lines = balanced(text)
    assert len(lines) == 2 and "".join(lines) == text
    assert any(whole in line for line in lines), lines


def test_a_headline_breaks_after_a_pause_rather_than_between_words_nearer_the_middle() -> None:
    # 33 characters: "共同|推动" is half a character from the middle, "：" one and a half.
    text = "澜湄环境合作中心携手区域伙伴：共同推动绿色低碳发展与气候适应务实行动"
    assert balanced(text)[0].endswith("：")


def test_a_title_longer_than_a_line_breaks_between_its_words() -> None:
    text = "湄公河委员会秘书处与亚洲开发银行签署《大湄公河次区域气候韧性交通走廊合作备忘录》"
    lines = balanced(text)
    assert len(lines) == 3 and all(len(line) <= 20 for line in lines)
    for name in ("湄公河委员会", "亚洲开发银行", "大湄公河次区域", "交通走廊"):
        assert any(name in line for line in lines), (name, lines)


def test_a_headline_with_characters_beyond_the_bmp_breaks_between_words() -> None:
    # ICU counts them as two UTF-16 units; the breaks are by Python character.
    text = "澜湄国家共同推动𠀀𠀁区域绿色低碳发展与可持续基础设施知识共享"
    lines = balanced(text)
    assert "".join(lines) == text and len(lines) == 2


def test_the_segmenter_is_loaded_only_when_a_line_must_break() -> None:
    program = """if True:
        import sys
        from briefpdf.engine.typography import typeset
        typeset("澜湄合作圆桌对话在京召开", balance=20)
        print("icu4py.breakers" in sys.modules)
        typeset("绿色澜湄计划：澜湄绿色低碳与可持续基础设施知识共享圆桌对话在京召开", balance=20)
        print("icu4py.breakers" in sys.modules)
    """
    run = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True
    )
    assert run.stdout.split() == ["False", "True"]


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
