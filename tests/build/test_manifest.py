"""Builds running at once into one shared folder: every manifest entry and every protection
kept. Real `briefpdf build` processes race, and the folder is then compared with a build
of the same issues by one process; the folder's lock is held by real processes, alive,
killed, or on another computer (a process with another host name)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from hashlib import sha256
from pathlib import Path

import pytest
from helpers import ENGLISH_USER, SAMPLE

from briefpdf.build.manifest import LOCK_NAME, read_manifest

ISSUES_PER_RUN = 4

# Another build holding the folder's lock until told (a line on its stdin) to let go; it
# records an entry of its own, as a build does.
HOLDER = """
import sys
from pathlib import Path
from briefpdf.build import manifest
manifest.LEASE = float(sys.argv[2])
with manifest.updating_manifest(Path(sys.argv[1]), lambda seconds: None) as entries:
    entries["held.pdf"] = {"source": "the other build"}
    print("held", flush=True)
    sys.stdin.readline()
"""
# `briefpdf build` with the lock's times shortened, so that a test need not wait a minute.
BUILD_WITH = """
import sys
from briefpdf.build import manifest
manifest.LEASE, manifest.LOCK_WAIT = float(sys.argv.pop(1)), float(sys.argv.pop(1))
from briefpdf.__main__ import main
main()
"""


def pdf_name(number: int) -> str:
    return f"简报-2023年第{number}期.pdf"


def write_issue(folder: Path, number: int, name: str | None = None) -> Path:
    """A short issue (one article, no photos), so that a race of many builds stays quick."""
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    data["number"] = number
    data["articles"] = [
        {"headline": f"第{number}期的标题", "body": [f"第{number}期的正文，只有一段。"]}
    ]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (name or f"2023-{number:02d}.json")
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def start_build(*args: str, lock_times: tuple[float, float] | None = None) -> subprocess.Popen[str]:
    """`briefpdf build ARGS -j 1`; with `lock_times`, the lock's LEASE and LOCK_WAIT."""
    command = (
        ["-m", "briefpdf"] if lock_times is None else ["-c", BUILD_WITH, *map(str, lock_times)]
    )
    return subprocess.Popen(
        [sys.executable, *command, "build", *args, "-j", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=ENGLISH_USER,
    )


def hold_lock(out: Path, lease: float = 15, host: str | None = None) -> subprocess.Popen[str]:
    """A process holding the lock of `out`, on this computer or on the computer `host`."""
    command = [sys.executable, "-c", HOLDER, str(out), str(lease)]
    if host is not None:  # a UTS namespace of its own: the same machine under another name
        command = ["unshare", "--uts", "sh", "-c", f'hostname {host} && exec "$@"', "sh", *command]
    holder = subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=ENGLISH_USER
    )
    assert holder.stdout.readline() == "held\n"
    return holder


def wait_for_line(process: subprocess.Popen[str], words: str) -> str:
    """The first line of the process's stderr that holds `words` (all its stderr if none)."""
    seen = ""
    for line in process.stderr:
        seen += line
        if words in line:
            return line
    return seen


def finish(process: subprocess.Popen[str]) -> tuple[int, str]:
    out, err = process.communicate(timeout=600)
    return process.returncode, out + err


def folder_state(out: Path) -> tuple[dict[str, dict], dict[str, bytes]]:
    return read_manifest(out), {p.name: p.read_bytes() for p in sorted(out.glob("*.pdf"))}


@pytest.mark.parametrize("runs", [2, 4])
def test_builds_racing_into_one_folder_keep_every_entry(runs: int, tmp_path: Path) -> None:
    folders = [tmp_path / f"officer-{run}" for run in range(runs)]
    for run, folder in enumerate(folders):
        for number in range(run * ISSUES_PER_RUN + 1, (run + 1) * ISSUES_PER_RUN + 1):
            write_issue(folder, number)
    shared = tmp_path / "shared"

    racing = [start_build(str(folder), "-o", str(shared)) for folder in folders]
    for process in racing:
        code, said = finish(process)
        assert code == 0, said

    # The same issues built by one process, into a folder of their own.
    alone = tmp_path / "alone"
    code, said = finish(start_build(*map(str, folders), "-o", str(alone)))
    assert code == 0, said
    manifest, pdfs = folder_state(shared)
    assert len(manifest) == len(pdfs) == runs * ISSUES_PER_RUN
    assert (manifest, pdfs) == folder_state(alone)
    assert not (shared / LOCK_NAME).exists()


def test_two_racing_files_of_one_number_cannot_both_claim_its_pdf(tmp_path: Path) -> None:
    # Each run holds one of two files that are both issue 1 (and other issues, so that the
    # runs overlap); whichever claims the PDF first builds it, the other is refused.
    first = write_issue(tmp_path / "a", 1, "first.json")
    second = write_issue(tmp_path / "b", 1, "second.json")
    for number in (2, 3, 4):
        write_issue(tmp_path / "a", number)
        write_issue(tmp_path / "b", number + 3)
    shared = tmp_path / "shared"

    racing = [start_build(str(tmp_path / f), "-o", str(shared)) for f in ("a", "b")]
    results = [finish(process) for process in racing]

    codes = sorted(code for code, _ in results)
    assert codes == [0, 3], results
    loser = " ".join(next(said for code, said in results if code == 3).split())
    assert "was built from" in loser
    manifest = read_manifest(shared)
    assert len(manifest) == 7
    winner = Path(manifest[pdf_name(1)]["source"])
    assert winner in (first.resolve(), second.resolve())
    assert f"{(second if winner == first.resolve() else first).name} was not built" in loser

    alone = tmp_path / "alone.pdf"
    code, said = finish(start_build(str(winner), "-o", str(alone)))
    assert code == 0, said
    assert (shared / pdf_name(1)).read_bytes() == alone.read_bytes()


def test_a_build_waits_for_the_lock_of_a_live_build_then_goes_on(tmp_path: Path) -> None:
    write_issue(tmp_path / "issues", 1)
    out = tmp_path / "shared"
    holder = hold_lock(out)
    build = start_build(str(tmp_path / "issues"), "-o", str(out))
    said = wait_for_line(build, "waiting for it")
    assert f"Another build is updating the record of what was built in {out}" in said
    holder.communicate("let go\n", timeout=60)  # only now may the build go on

    code, said = finish(build)
    assert code == 0, said
    # The holder's entry, written as it let go, and the build's, written after it.
    manifest = read_manifest(out)
    assert set(manifest) == {"held.pdf", pdf_name(1)}
    assert manifest["held.pdf"] == {"source": "the other build"}
    assert manifest[pdf_name(1)]["sha256"] == sha256((out / pdf_name(1)).read_bytes()).hexdigest()
    assert not (out / LOCK_NAME).exists()


def test_a_lock_held_too_long_ends_the_build_plainly(tmp_path: Path) -> None:
    write_issue(tmp_path / "issues", 1)
    out = tmp_path / "shared"
    holder = hold_lock(out)
    try:
        code, said = finish(
            start_build(str(tmp_path / "issues"), "-o", str(out), lock_times=(15, 1))
        )
    finally:
        holder.communicate("let go\n", timeout=60)
    said = " ".join(said.split())
    assert code == 5
    assert "Traceback" not in said
    assert f"Another build has held the record of what was built in {out} for over 1 s" in said
    assert f"delete {out / LOCK_NAME}" in said
    assert not list(out.glob("*.pdf"))


def test_the_lock_of_a_build_that_died_is_taken_over_at_once(tmp_path: Path) -> None:
    write_issue(tmp_path / "issues", 1)
    out = tmp_path / "shared"
    holder = hold_lock(out)
    holder.kill()  # as by a power cut: the lock file stays, naming a process that is gone
    holder.wait()
    assert (out / LOCK_NAME).exists()

    code, said = finish(start_build(str(tmp_path / "issues"), "-o", str(out)))
    assert code == 0, said
    assert "waiting" not in said
    assert set(read_manifest(out)) == {pdf_name(1)}
    assert not (out / LOCK_NAME).exists()


def test_the_lock_of_a_computer_that_stopped_is_taken_over_once_unrenewed(
    tmp_path: Path,
) -> None:
    # This computer cannot tell whether a process of another one is alive: the lock is
    # taken over once it has not been renewed for LEASE seconds (here 2).
    if shutil.which("unshare") is None or os.geteuid() != 0:
        pytest.skip("needs root and unshare(1) to run a process under another host name")
    write_issue(tmp_path / "issues", 1)
    out = tmp_path / "shared"
    holder = hold_lock(out, lease=2, host="other-computer")
    holder.kill()
    holder.wait()

    build = start_build(str(tmp_path / "issues"), "-o", str(out), lock_times=(2, 30))
    assert "waiting for it" in wait_for_line(build, "waiting for it")
    code, said = finish(build)
    assert code == 0, said
    assert set(read_manifest(out)) == {pdf_name(1)}
