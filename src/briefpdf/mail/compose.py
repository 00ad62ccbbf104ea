"""One message per recipient, in the recipient's language, built with Python's email package.

multipart/mixed
  multipart/alternative
    text/plain                 the salutation, the issue, its headlines, who sends it
    multipart/related
      text/html                the same, with the picture of page 1 (cid:)
      image/png                page 1 (engine.pages.first_page_png), inline
  application/pdf              the e-mail copy, under its file name (RFC 2231 for Chinese)

Names in From and To are encoded by the email package (RFC 2047) under its SMTP policy,
which also ends lines with CRLF, as mail servers expect.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import getaddresses, localtime, make_msgid

import jinja2
from email_validator import EmailNotValidError, validate_email

import briefpdf
from briefpdf.issue.model import Issue
from briefpdf.mail.recipients import Recipient
from briefpdf.messages import Lang, Message, MessageError, say

# The picture of page 1 in the message: 1240 pixels (engine.pages.WIDTH_PX) shown at
# half that, sharp on high-density screens and as wide as a mail client's reading pane.
PICTURE_WIDTH = 620
MAILER = f"briefpdf {briefpdf.__version__}"
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip


@dataclass(frozen=True)
class Edition:
    """The issue in one language, built: its e-mail copy and the picture of its page 1."""

    issue: Issue
    pdf_name: str
    pdf: bytes
    picture: bytes  # PNG


def issue_key(issue: Issue) -> str:
    """The issue, whatever its language: 2023-01 (the name of its folder under out/mail/)."""
    return f"{issue.year}-{issue.number:02d}"


@dataclass(frozen=True)
class Mailing:
    """One issue to everyone on a list: each recipient gets the edition of their language."""

    recipients: list[Recipient]
    editions: dict[Lang, Edition]
    sender: Address | None  # None for drafts, which the mail program sends as its user
    resend: bool = False

    @property
    def key(self) -> str:
        return issue_key(next(iter(self.editions.values())).issue)

    def split(self, sent: dict[str, dict]) -> tuple[list[Recipient], list[Recipient]]:
        """Those to send to now and those sent before (`sent`: the journal), in list order.
        With `resend`, everyone is to be sent to."""
        if self.resend:
            return list(self.recipients), []
        before = [r for r in self.recipients if r.address.casefold() in sent]
        return [r for r in self.recipients if r.address.casefold() not in sent], before

    def compose(self, recipient: Recipient) -> EmailMessage:
        edition = self.editions[recipient.language]
        return compose(edition, recipient, self.sender, resend=self.resend)


def _values(issue: Issue) -> dict[str, object]:
    date = issue.date
    return {
        "title": issue.title,
        "year": issue.year,
        "number": issue.number,
        "headline": issue.articles[0].headline,
        "organisation": issue.masthead.organisation_en
        if issue.language == "en"
        else issue.masthead.organisation_zh,
        "date": f"{date.year}年{date.month}月{date.day}日"
        if issue.language == "zh"
        else f"{date.day} {MONTHS[date.month - 1]} {date.year}",
    }


def subject(issue: Issue) -> str:
    """简报 2023年第1期：<first headline>, or Bulletin No. 1, 2023: <first headline>."""
    return say("mail_subject", issue.language, **_values(issue))


def parse_sender(text: str) -> Address:
    """`--from`: an address, or a name and an address (`澜湄中心 <bulletin@lmcc.org.cn>`)."""
    pairs = getaddresses([text])
    if len(pairs) != 1 or not pairs[0][1]:
        raise MessageError(Message("mail_bad_from", {"value": text, "reason": "—"}))
    name, address = pairs[0]
    try:
        checked = validate_email(address, check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError as error:
        raise MessageError(Message("mail_bad_from", {"value": text, "reason": error})) from None
    return Address(display_name=name, addr_spec=checked.ascii_email or checked.normalized)


def message_id(issue: Issue, recipient: Recipient, domain: str, *, resend: bool) -> str:
    """The same Message-ID each time this issue goes to this recipient.

    Should a message be sent twice all the same (the connection dropped after the server
    took it, before it said so), mail programs see one message. A deliberate resend is
    a new message.
    """
    person = hashlib.sha256(recipient.address.casefold().encode()).hexdigest()[:20]
    again = f".{secrets.token_hex(6)}" if resend else ""
    return f"<briefpdf.{issue_key(issue)}.{person}{again}@{domain}>"


_templates = jinja2.Environment(
    loader=jinja2.PackageLoader("briefpdf.mail", "templates"),
    autoescape=jinja2.select_autoescape(["html"]),
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def compose(
    edition: Edition, recipient: Recipient, sender: Address | None, *, resend: bool = False
) -> EmailMessage:
    """The message to `recipient`, dated now; without a sender (a draft), the mail program
    that sends it puts in its own."""
    issue = edition.issue
    lang: Lang = issue.language
    values = _values(issue)
    domain = sender.domain if sender else "briefpdf.invalid"
    picture_id = make_msgid("page1", domain=domain)
    words = {
        "lang": "zh-CN" if lang == "zh" else "en",
        "subject": subject(issue),
        "salutation": recipient.salutation or say("mail_salutation", lang, name=recipient.name),
        "intro": say("mail_intro", lang, **values),
        "contents": say("mail_contents", lang),
        "headlines": [article.headline for article in issue.articles],
        "organisation": values["organisation"],
        "picture_alt": say("mail_picture_alt", lang, **values),
        "picture_cid": picture_id[1:-1],
        "picture_width": PICTURE_WIDTH,
    }

    message = EmailMessage(policy=SMTP)
    message["Subject"] = words["subject"]
    if sender:
        name = sender.display_name or str(values["organisation"])
        message["From"] = Address(name, addr_spec=sender.addr_spec)
    message["To"] = Address(recipient.name, addr_spec=recipient.address)
    message["Date"] = localtime()
    message["Message-ID"] = message_id(issue, recipient, domain, resend=resend)
    message["X-Mailer"] = MAILER
    # Base64 keeps the message 7-bit clean for any server; it is compact for Chinese.
    message.set_content(_templates.get_template("message.txt").render(words), cte="base64")
    message.add_alternative(
        _templates.get_template("message.html").render(words), subtype="html", cte="base64"
    )
    html = message.get_payload()[1]
    html.add_related(
        edition.picture, "image", "png", cid=picture_id, disposition="inline", filename="page-1.png"
    )
    message.add_attachment(edition.pdf, "application", "pdf", filename=edition.pdf_name)
    # Set last: making the message multipart moves the Content- headers into its first part.
    message["Content-Language"] = words["lang"]
    return message
