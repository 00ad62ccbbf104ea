"""The journal of a mailing: every accepted message on its own line, forced to disk; a
line torn by a crash is ignored and cannot swallow the next; one run sends at a time."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefpdf.mail.journal import Journal, read_journal
from briefpdf.messages import MessageError


def test_what_is_recorded_is_read_back_by_address_whatever_its_case(tmp_path: Path) -> None:
    path = tmp_path / "mail" / "2023-01" / "sent.jsonl"
    with Journal(path) as journal:
        journal.record({"to": "Li.Si@example.cn", "language": "zh"})
        journal.record({"to": "lan@example.vn", "language": "en"})
    assert set(read_journal(path)) == {"li.si@example.cn", "lan@example.vn"}
    assert path.read_bytes().count(b"\n") == 2


def test_a_line_torn_by_a_crash_is_ignored_and_ended_before_the_next(tmp_path: Path) -> None:
    path = tmp_path / "sent.jsonl"
    whole = json.dumps({"to": "zhang.san@example.org"})
    path.write_text(whole + '\n{"to": "somchai@exa', encoding="utf-8")  # killed mid-write
    assert set(read_journal(path)) == {"zhang.san@example.org"}
    with Journal(path) as journal:
        journal.record({"to": "somchai@example.la"})
    assert set(read_journal(path)) == {"zhang.san@example.org", "somchai@example.la"}
    assert path.read_text(encoding="utf-8").splitlines()[-1] == '{"to": "somchai@example.la"}'


def test_a_missing_journal_means_nothing_was_sent(tmp_path: Path) -> None:
    assert read_journal(tmp_path / "sent.jsonl") == {}


def test_only_one_run_at_a_time_may_send_an_issue(tmp_path: Path) -> None:
    path = tmp_path / "sent.jsonl"
    with Journal(path), pytest.raises(MessageError) as busy:
        Journal(path)
    assert busy.value.message.code == "mail_busy"
    with Journal(path) as journal:  # free again once the first has closed it
        journal.record({"to": "lan@example.vn"})
