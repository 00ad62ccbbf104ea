"""The message each recipient gets, read back with Python's email package as a mail
program would: headers decode to the names written, the PDF attached is the e-mail copy
byte for byte, and the HTML shows page 1 from the picture inside the message."""

from __future__ import annotations

import email
import email.policy
import re
from email.headerregistry import Address
from pathlib import Path

import pytest
from mail_helpers import PEOPLE

from briefpdf.engine.pages import first_page_png
from briefpdf.mail.compose import Edition, Mailing, compose, parse_sender
from briefpdf.mail.recipients import Recipient
from briefpdf.messages import MessageError

SENDER = Address("", addr_spec="bulletin@lmcc.org.cn")


def recipient(index: int, **changes: object) -> Recipient:
    name, organisation, address, language, salutation = PEOPLE[index]
    values = dict(
        row=index + 2,
        name=name,
        organisation=organisation,
        address=address,
        language=language,
        salutation=salutation,
        language_column=3,
    )
    return Recipient(**(values | changes))


@pytest.fixture(scope="module")
def chinese(sample_issue, sample_pdf: Path) -> Edition:
    pdf = sample_pdf.read_bytes()
    return Edition(sample_issue, "简报-2023年第1期.pdf", pdf, first_page_png(pdf))


@pytest.fixture(scope="module")
def english(sample_issue, chinese: Edition) -> Edition:
    article = sample_issue.articles[0].model_copy(update={"headline": "Roundtable in Beijing"})
    masthead = sample_issue.masthead.model_copy(update={"title": "Bulletin"})
    issue = sample_issue.model_copy(
        update={"language": "en", "masthead": masthead, "articles": [article]}
    )
    return Edition(issue, "Bulletin-2023-No1.pdf", chinese.pdf, chinese.picture)


def read(message) -> email.message.EmailMessage:
    """The message as a mail program receives it: its bytes, parsed again."""
    return email.message_from_bytes(message.as_bytes(), policy=email.policy.default)


def test_chinese_names_in_the_headers_decode_to_what_was_written(chinese: Edition) -> None:
    raw = compose(chinese, recipient(0), SENDER).as_bytes()
    message = read(compose(chinese, recipient(0), SENDER))
    assert message["To"].addresses[0].display_name == "张三"
    assert message["To"].addresses[0].addr_spec == "zhang.san@example.org"
    # Without a name of its own, the sender is the organisation, in the recipient's language.
    assert message["From"].addresses[0].display_name == "澜沧江-湄公河环境合作中心"
    assert message["Subject"] == (
        "简报 2023年第1期：绿色澜湄计划：澜湄绿色低碳与可持续基础设施知识共享圆桌对话在京召开"
    )
    headers = raw.split(b"\r\n\r\n", 1)[0]
    assert headers.isascii()  # RFC 2047 encoded words, as every mail server accepts
    assert b"To: =?utf-8?" in headers
    assert message["Date"].datetime is not None
    assert re.fullmatch(r"<briefpdf\.2023-01\.[0-9a-f]{20}@lmcc\.org\.cn>", message["Message-ID"])


def test_the_parts_the_attachment_and_the_picture_of_page_one(chinese: Edition) -> None:
    raw = compose(chinese, recipient(2), SENDER).as_bytes()
    message = read(compose(chinese, recipient(2), SENDER))
    assert [part.get_content_type() for part in message.walk()] == [
        "multipart/mixed",
        "multipart/alternative",
        "text/plain",
        "multipart/related",
        "text/html",
        "image/png",
        "application/pdf",
    ]
    (attachment,) = message.iter_attachments()
    assert attachment.get_filename() == "简报-2023年第1期.pdf"
    assert attachment.get_content() == chinese.pdf
    assert (
        b"filename*=utf-8''%E7%AE%80%E6%8A%A5-2023%E5%B9%B4%E7%AC%AC1%E6%9C%9F.pdf" in raw
    )  # RFC 2231

    html = message.get_body(("html",))
    picture = next(part for part in message.walk() if part.get_content_type() == "image/png")
    assert picture.get_content() == chinese.picture
    assert picture["Content-Disposition"].startswith("inline")
    assert f'src="cid:{picture["Content-ID"][1:-1]}"' in html.get_content()

    text = message.get_body(("plain",)).get_content()
    assert text.startswith("尊敬的李处长：")  # the list's own salutation
    assert "· 绿色澜湄计划：澜湄绿色低碳与可持续基础设施知识共享圆桌对话在京召开" in text
    assert "2023年4月25日" in text


def test_an_english_partner_gets_the_english_edition_in_english(
    chinese: Edition, english: Edition
) -> None:
    mailing = Mailing([recipient(0), recipient(3)], {"zh": chinese, "en": english}, SENDER)
    message = read(mailing.compose(recipient(3)))
    assert message["Subject"] == "Bulletin No. 1, 2023: Roundtable in Beijing"
    assert message["To"].addresses[0].display_name == "Nguyễn Thị Lan"
    assert (
        message["From"].addresses[0].display_name
        == "Lancang-Mekong Environmental Cooperation Center"
    )
    assert message["Content-Language"] == "en"
    text = message.get_body(("plain",)).get_content()
    assert text.startswith("Dear Nguyễn Thị Lan,")
    assert "Bulletin No. 1, 2023 (25 April 2023)" in text
    (attachment,) = message.iter_attachments()
    assert attachment.get_filename() == "Bulletin-2023-No1.pdf"


def test_what_the_list_holds_is_text_in_the_html(chinese: Edition) -> None:
    person = recipient(0, name="<b>张三</b>", salutation="")
    html = read(compose(chinese, person, SENDER)).get_body(("html",)).get_content()
    assert "尊敬的&lt;b&gt;张三&lt;/b&gt;：" in html
    assert "<b>" not in html


def test_the_message_id_is_the_same_each_time_unless_sent_again_on_purpose(
    chinese: Edition,
) -> None:
    first = compose(chinese, recipient(0), SENDER)["Message-ID"]
    assert compose(chinese, recipient(0), SENDER)["Message-ID"] == first
    assert compose(chinese, recipient(2), SENDER)["Message-ID"] != first
    assert compose(chinese, recipient(0), SENDER, resend=True)["Message-ID"] != first


def test_the_sender_may_carry_a_name(chinese: Edition) -> None:
    sender = parse_sender("澜湄环境合作中心 <bulletin@lmcc.org.cn>")
    message = read(compose(chinese, recipient(0), sender))
    assert str(message["From"]) == "澜湄环境合作中心 <bulletin@lmcc.org.cn>"
    with pytest.raises(MessageError):
        parse_sender("bulletin@lmcc")
