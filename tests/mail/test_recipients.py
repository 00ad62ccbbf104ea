"""Reading the distribution list as officers keep it: Excel workbooks (including one saved
by LibreOffice), CSV in UTF-8 with or without BOM, headers in either language, and every
problem at once with its cell."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from helpers import require_program
from mail_helpers import HEADER, PEOPLE, write_list
from openpyxl import Workbook

from briefpdf.mail.recipients import ListProblems, column_key, read_list


def rows_of(path: Path) -> list[tuple[str, ...]]:
    return [(r.name, r.organisation, r.address, r.language, r.salutation) for r in read_list(path)]


def problems_of(path: Path) -> list[tuple[str, str, str]]:
    with pytest.raises(ListProblems) as caught:
        read_list(path)
    return [(where, line, fix) for where, line, _, fix in caught.value.rows("en")]


@pytest.mark.parametrize("bom", [True, False])
def test_a_csv_in_utf8_with_or_without_the_bom_excel_writes(tmp_path: Path, bom: bool) -> None:
    path = write_list(tmp_path / "名单.csv", bom=bom)
    assert rows_of(path) == PEOPLE
    assert [r.row for r in read_list(path)] == [2, 3, 4, 5]


def test_headers_in_either_language_any_case_and_extra_columns(tmp_path: Path) -> None:
    header = ("No.", "NAME", "Organization", "邮箱 / E-mail", "Lang", "Greeting", "备注")
    rows = [("1", *person[:2], person[2], person[3], person[4], "note") for person in PEOPLE]
    assert rows_of(write_list(tmp_path / "list.csv", rows, header)) == PEOPLE
    assert column_key("电子邮件") == "address"
    assert column_key("e-mail address") == "address"
    assert column_key("Remarks") is None


def test_semicolons_as_excel_writes_them_where_the_comma_is_a_decimal_sign(tmp_path: Path) -> None:
    lines = [";".join(HEADER), *(";".join(person) for person in PEOPLE)]
    path = tmp_path / "list.csv"
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    assert rows_of(path) == PEOPLE


def test_an_xlsx_workbook_with_a_title_blank_rows_and_numbers(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["2023年简报分发名单"])  # a title above the headers
    sheet.append(["Name", "Organisation", "E-mail", "Language", "Salutation"])
    sheet.append(list(PEOPLE[0]))
    sheet.append([None, None, None, None, None])  # a blank row: skipped, rows keep Excel's numbers
    sheet.append(["  Somchai\nPhanthavong ", 2023, "somchai@EXAMPLE.LA", "EN", None])
    path = tmp_path / "list.xlsx"
    workbook.save(path)
    recipients = read_list(path)
    assert [r.row for r in recipients] == [3, 5]
    assert recipients[1].name == "Somchai Phanthavong"  # the line break typed in the cell
    assert recipients[1].organisation == "2023"
    assert recipients[1].address == "somchai@example.la"
    assert recipients[1].language == "en"


def test_a_list_saved_by_libreoffice_calc_as_xlsx(tmp_path: Path) -> None:
    soffice = require_program("soffice")
    source = write_list(tmp_path / "名单.csv")
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",  # no shared profile
            "--headless",
            # CSV import: comma-separated, double quotes, UTF-8 (76), from line 1.
            "--infilter=CSV:44,34,76,1",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(tmp_path / "xlsx"),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert rows_of(tmp_path / "xlsx" / "名单.xlsx") == PEOPLE


def test_every_problem_at_once_with_its_cell(tmp_path: Path) -> None:
    rows = [
        ("张三", "", "zhang.san@example.org", "zh", ""),
        ("王五", "", "wang.wu@example", "zh", ""),  # no top-level domain
        ("", "", "ZHANG.SAN@example.org", "fr", ""),  # a duplicate, no name, no French edition
        ("赵六", "", "a@example.org; b@example.org", "中文", ""),
        ("Lan", "", "lan@example.vn", "", ""),
    ]
    found = problems_of(write_list(tmp_path / "list.csv", rows))
    where = [(cell, line) for cell, line, _ in found]
    assert where == [
        ("C3", "3:3"),
        ("A4", "4:1"),
        ("C4", "4:3"),
        ("D4", "4:4"),
        ("C5", "5:3"),
        ("D6", "6:4"),
    ]
    fixes = dict(((cell, fix) for cell, _, fix in found))
    assert "not a valid e-mail address" in fixes["C3"]
    assert fixes["C4"].startswith("This address is on row 2 already")
    assert fixes["D4"].startswith("Unknown language")
    assert fixes["C5"].startswith("One cell holds one address")
    assert fixes["D6"] == "“语言” cannot be empty."


def test_missing_and_doubled_columns(tmp_path: Path) -> None:
    header = ("姓名", "E-mail", "邮箱", "Salutation")
    found = problems_of(
        write_list(tmp_path / "list.csv", [("张三", "a@b.org", "a@b.org", "")], header)
    )
    assert [line for _, line, _ in found] == ["1:3", "1", "1"]
    assert "means the same as B1" in found[0][2]
    assert [fix.split("”")[0] for _, _, fix in found[1:]] == [
        "The column “organisation",
        "The column “language",
    ]


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("list.csv", "姓名,单位,邮箱,语言\n张三,中心,a@b.org,zh\n".encode("gbk"), "not UTF-8"),
        ("list.xlsx", b"PK\x03\x04 not really a workbook", "cannot be read as an Excel workbook"),
        ("list.xls", b"\xd0\xcf\x11\xe0", "is not an .xlsx or .csv file"),
        ("list.csv", "姓名,单位,邮箱,语言\n".encode(), "The list has no recipients"),
    ],
)
def test_files_that_are_not_a_usable_list(
    tmp_path: Path, name: str, content: bytes, code: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    (_, _, fix), *_ = problems_of(path)
    assert code in fix
