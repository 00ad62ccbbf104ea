"""A problem's place, in words a person counts by, beside its JSON path."""

from __future__ import annotations

import pytest

from briefpdf.issue.places import place
from briefpdf.issue.problems import IssueProblems, Problem
from briefpdf.messages import Message


@pytest.mark.parametrize(
    ("where", "zh", "en"),
    [
        ("articles[0].body[3]", "第1篇文章，正文第4项", "article 1, body item 4"),
        ("articles[1].headline", "第2篇文章，标题", "article 2, headline"),
        (
            "articles[0].body[2].caption",
            "第1篇文章，正文第3项，图片说明",
            "article 1, body item 3, caption",
        ),
        ("contact.emails[1]", "联系我们，电子邮箱第2项", "contact, e-mail 2"),
        ("masthead.title", "报头，刊名", "masthead, bulletin title"),
        ("$schema", "结构说明文件", "JSON Schema"),
        ("distribution.copies", "版记，印数", "distribution, copies"),
        # A key the model does not know (a misspelling) stays as written.
        ("articles[0].headlin", "第1篇文章，headlin", "article 1, headlin"),
    ],
)
def test_a_json_path_in_words(where: str, zh: str, en: str) -> None:
    assert (place(where, "zh"), place(where, "en")) == (zh, en)


def test_the_table_says_the_place_in_words_over_the_json_path(tmp_path) -> None:
    problems = IssueProblems(
        tmp_path,
        [Problem(Message("empty_text"), "articles[0].body[3]"), Problem(Message("file_empty"))],
    )
    assert [row[0] for row in problems.rows("zh")] == [
        "第1篇文章，正文第4项\narticles[0].body[3]",
        "—",
    ]
    assert problems.rows("en")[0][0] == "article 1, body item 4\narticles[0].body[3]"
