"""`make bench`: briefpdf against Typst on the same issues, fonts and page layout.

Whole-process figures are timed from outside, as a user's shell would see them, several
times after one warm-up run, and quoted as medians with min-max (a shared machine is
noisy). Peak memory is the largest resident set of one run's process. The rebuild is
timed inside one process, as batch builds and the preview rebuild. The table compares
each figure with Typst's and with its target, and bench/results.json keeps them all.
"""

from __future__ import annotations

import cProfile
import io
import json
import os
import platform
import pstats
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import pikepdf
from fontTools.cffLib import CFFFontSet
from fontTools.ttLib import TTFont
from rich.console import Console
from rich.table import Table

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
SAMPLE = ROOT / "issues" / "2023-01.json"
SAMPLE_EN = ROOT / "issues" / "2023-01.en.json"  # its English edition (no Typst layout for it)
BIN = Path(sys.executable).parent
PYTHON = sys.executable
sys.path.insert(0, str(BENCH))

import evenness  # noqa: E402  (bench/evenness.py, beside this file)

import issues  # noqa: E402

COLD_RUNS = 7
# Texts hard to set evenly (tests/engine/typography/): their evenness is reported too.
TYPOGRAPHY_FIXTURES = sorted((ROOT / "tests" / "engine" / "typography").glob("*.json"))
REBUILDS = 10
LONG_RUNS = 2  # the large issue and the archive take seconds each


@dataclass
class Figure:
    """One measured quantity: its median over the runs, and the spread."""

    median: float
    low: float
    high: float
    runs: int

    @classmethod
    def of(cls, values: list[float]) -> Figure:
        return cls(statistics.median(values), min(values), max(values), len(values))


@dataclass
class Timing:
    """Wall and CPU seconds of a build; peak memory when it ran as a process of its own."""

    wall: Figure
    cpu: Figure
    peak_bytes: Figure | None = None


def run_process(command: list[str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak resident bytes of one run of `command`."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status):
            errors.seek(0)
            raise RuntimeError(f"{command} failed: {errors.read().decode()}")
    # Linux counts ru_maxrss in KiB.
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024


def time_process(command: list[str], runs: int) -> Timing:
    run_process(command)  # warm-up: page cache, fontconfig cache, .pyc files
    wall, cpu, peak = zip(*(run_process(command) for _ in range(runs)), strict=True)
    return Timing(Figure.of(list(wall)), Figure.of(list(cpu)), Figure.of(list(peak)))


def time_in_process(build: Callable[[], object], runs: int) -> Timing:
    build()  # the first build loads fonts and the layout; the rebuilds are what is asked
    walls, cpus = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        build()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - start_cpu)
    return Timing(Figure.of(walls), Figure.of(cpus))


def program_name(font_program: bytes) -> str:
    """The name inside a font program, the same whoever subset it: the CFF's, else name ID 6."""
    if font_program[:4] in (b"\x00\x01\x00\x00", b"true", b"OTTO"):
        font = TTFont(io.BytesIO(font_program))
        return font["CFF "].cff.fontNames[0] if "CFF " in font else font["name"].getDebugName(6)
    cff = CFFFontSet()  # a bare CFF (FontFile3 /CIDFontType0C)
    cff.decompile(io.BytesIO(font_program), None)
    return cff.fontNames[0]


BUNDLED = {
    program_name(path.read_bytes()): path.name
    for path in sorted((ROOT / "fonts").iterdir())
    if path.suffix in (".otf", ".ttf")
}


def font_program_bytes(pdf: Path) -> dict[str, int]:
    """Compressed bytes of each embedded font program, by the bundled font file it came from."""
    sizes = {}
    with pikepdf.open(pdf) as document:
        for page in document.pages:
            for font in page.resources.Font.values():
                descriptor = font.DescendantFonts[0].FontDescriptor
                program = descriptor.get("/FontFile3") or descriptor.get("/FontFile2")
                sizes[BUNDLED[program_name(program.read_bytes())]] = len(program.read_raw_bytes())
    return sizes


def import_profile() -> dict[str, float]:
    """Seconds spent importing, from `python -X importtime`, for the modules that matter."""
    report = subprocess.run(
        [PYTHON, "-X", "importtime", "-c", "import briefpdf.engine.render"],
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    cumulative = {}
    for line in report.splitlines():
        match = re.match(r"import time:\s+\d+ \|\s+(\d+) \|\s+(\S.*)$", line)
        if match:
            cumulative[match[2].strip()] = int(match[1]) / 1e6
    keys = (
        "briefpdf.engine.render",
        "weasyprint",
        "weasyprint.text.ffi",
        "fontTools.subset",
        "pydantic",
    )
    return {key: cumulative[key] for key in keys if key in cumulative}


def phase_profile(build: Callable[[], object], runs: int = 3) -> dict[str, float]:
    """Share of a rebuild's time spent in each phase (cProfile, cumulative, mean of runs)."""
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(runs):
        build()
    profile.disable()
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    phases = {
        "load and check the issue": ("loader.py", "load_issue"),
        "fill the template": ("render.py", "render_html"),
        "layout (WeasyPrint render)": ("__init__.py", "render"),
        "paint pages (draw)": ("document.py", "paint"),
        "subset fonts (HarfBuzz)": ("fonts.py", "_harfbuzz_subset"),
        "compact fonts (briefpdf)": ("font_embedding.py", "compact_fonts"),
        "write the PDF (all)": ("document.py", "write_pdf"),
    }
    code = build.__code__
    total = stats[(code.co_filename, code.co_firstlineno, code.co_name)][3]
    shares = {}
    for phase, (filename, function) in phases.items():
        seconds = sum(
            row[3]
            for (file, _, name), row in stats.items()
            if file.endswith(filename) and name == function
        )
        shares[phase] = seconds / total
    return shares


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="briefpdf-bench-") as work:
        measure(Path(work))


def measure(work: Path) -> None:
    """Builds, times and reports everything, with the issues and PDFs kept in `work`."""
    console = Console(width=130)  # the table stays one line a row in logs and pipes
    console.print(f"[bold]briefpdf benchmark[/] — {platform.node()}, {os.cpu_count()} cores")
    large = issues.write_large_issue(work / "large")
    archive = issues.write_archive(work / "archive")
    text_only = issues.write_text_only(work / "text-only")
    sample_out, typst_out = work / "out", work / "typst"
    briefpdf = str(BIN / "briefpdf")
    typst_build = [PYTHON, str(BENCH / "typst_build.py"), str(typst_out)]
    # The batch command, over the machine's cores; --force, as a second run would skip all.
    batch = [briefpdf, "build", str(work / "archive"), "-o", str(work / "batch"), "--force"]

    console.print("timing whole processes …")
    help_ = time_process([briefpdf, "--help"], COLD_RUNS)
    cold = time_process(
        [briefpdf, "build", str(SAMPLE), "-o", str(sample_out / "sample.pdf")], COLD_RUNS
    )
    typst_cold = time_process([*typst_build, str(SAMPLE)], COLD_RUNS)
    english_cold = time_process(
        [briefpdf, "build", str(SAMPLE_EN), "-o", str(sample_out / "english.pdf")], COLD_RUNS
    )
    large_run = time_process(
        [briefpdf, "build", str(large), "-o", str(sample_out / "large.pdf")], LONG_RUNS
    )
    typst_large = time_process([*typst_build, str(large)], LONG_RUNS)
    run_process([briefpdf, "build", str(text_only), "-o", str(sample_out / "text-only.pdf")])
    run_process([*typst_build, str(text_only)])
    for fixture in TYPOGRAPHY_FIXTURES:
        issue = issues.write_with_articles(work / "fixtures", fixture)
        run_process([briefpdf, "build", str(issue), "-o", str(sample_out / f"{fixture.stem}.pdf")])
    batch_run = time_process(batch, LONG_RUNS)
    typst_batch = time_process([*typst_build, *map(str, archive)], LONG_RUNS)

    console.print("timing rebuilds in one process …")
    import typst
    import typst_build as typst_module

    from briefpdf.engine.render import RenderedPdf, render_pdf
    from briefpdf.issue.loader import load_issue

    def rebuild() -> RenderedPdf:
        return render_pdf(load_issue(SAMPLE), SAMPLE.parent)

    fonts = typst.Fonts(
        include_system_fonts=False, include_embedded_fonts=False, font_paths=[str(ROOT / "fonts")]
    )
    rebuilt = time_in_process(rebuild, REBUILDS)
    english_rebuilt = time_in_process(
        lambda: render_pdf(load_issue(SAMPLE_EN), SAMPLE_EN.parent), REBUILDS
    )
    typst_rebuilt = time_in_process(
        lambda: typst_module.build(SAMPLE, work / "typst-rebuild.pdf", fonts), REBUILDS
    )
    phases = phase_profile(rebuild)
    from briefpdf.engine import font_embedding

    with_compaction = font_embedding.compact_fonts
    font_embedding.compact_fonts = lambda document, pdf: None  # WeasyPrint's own embedding
    try:
        (work / "weasyprint-own.pdf").write_bytes(rebuild().data)
    finally:
        font_embedding.compact_fonts = with_compaction
    imports = import_profile()

    size = (sample_out / "sample.pdf").stat().st_size
    typst_size = (typst_out / "2023-01.pdf").stat().st_size
    text_size = (sample_out / "text-only.pdf").stat().st_size
    typst_text_size = (typst_out / "text-only.pdf").stat().st_size
    fonts_ours = font_program_bytes(sample_out / "sample.pdf")
    fonts_typst = font_program_bytes(typst_out / "2023-01.pdf")
    fonts_weasyprint = font_program_bytes(work / "weasyprint-own.pdf")

    def memory(timing: Timing) -> Figure:
        assert timing.peak_bytes
        return timing.peak_bytes

    rows: list[tuple[str, Figure, Figure | None, float | None, float | None, str]] = [
        # measure, briefpdf, its CPU seconds, Typst, target, unit
        ("cold build of the sample", cold.wall, cold.cpu, typst_cold.wall.median, 1.2, "s"),
        ("rebuild in one process", rebuilt.wall, rebuilt.cpu, typst_rebuilt.wall.median, 0.35, "s"),
        ("cold build, English edition", english_cold.wall, english_cold.cpu, None, 1.2, "s"),
        ("rebuild, English edition", english_rebuilt.wall, english_rebuilt.cpu, None, None, "s"),
        (
            "PDF size, English edition",
            Figure.of([(sample_out / "english.pdf").stat().st_size]),
            None,
            None,
            None,
            "B",
        ),
        ("peak memory, sample", memory(cold), None, memory(typst_cold).median, None, "B"),
        ("PDF size of the sample", Figure.of([size]), None, typst_size, 1.1 * typst_size, "B"),
        (
            "PDF size, sample without photos",
            Figure.of([text_size]),
            None,
            typst_text_size,
            1.1 * typst_text_size,
            "B",
        ),
        (
            "large issue (300 ¶, 40 photos)",
            large_run.wall,
            large_run.cpu,
            typst_large.wall.median,
            10.0,
            "s",
        ),
        ("peak memory, large issue", memory(large_run), None, memory(typst_large).median, 1e9, "B"),
        (
            "batch of 24 issues (briefpdf build DIR)",
            batch_run.wall,
            batch_run.cpu,
            typst_batch.wall.median,
            15.0,
            "s",
        ),
        ("briefpdf --help", help_.wall, help_.cpu, None, 0.3, "s"),
    ]

    def show(value: float | None, unit: str) -> str:
        if value is None:
            return "—"
        return f"{value:.3f} s" if unit == "s" else f"{value / 1e6:.2f} MB"

    table = Table(title="briefpdf vs Typst (wall-clock medians; spread is min–max)")
    columns = ("measure", "briefpdf", "spread", "CPU", "Typst", "× Typst", "target", "pass")
    for column in columns:
        table.add_column(column, justify="left" if column == "measure" else "right")
    results = []
    for name, figure, cpu, typst_value, target, unit in rows:
        ratio = figure.median / typst_value if typst_value else None
        passed = None if target is None else figure.median <= target
        table.add_row(
            name,
            show(figure.median, unit),
            f"{show(figure.low, unit)}–{show(figure.high, unit)}" if figure.runs > 1 else "",
            show(cpu.median, unit) if cpu else "—",
            show(typst_value, unit),
            f"{ratio:.2f}" if ratio else "—",
            f"≤ {show(target, unit)}" if target else "—",
            {True: "[green]pass", False: "[red]FAIL", None: "—"}[passed],
        )
        results.append(
            {
                "measure": name,
                "unit": "seconds" if unit == "s" else "bytes",
                "briefpdf": asdict(figure),
                "briefpdf_cpu": asdict(cpu) if cpu else None,
                "typst": typst_value,
                "ratio_to_typst": ratio,
                "target": target,
                "pass": passed,
            }
        )
    console.print(table)
    console.print(
        "CPU: user + system seconds, which a busy machine inflates less than wall time. "
        "Typst's rebuild reuses what it memoized for the unchanged input."
    )

    fonts_table = Table(title="Embedded font programs of the sample (compressed bytes)")
    for column in ("bundled font", "WeasyPrint's own", "briefpdf", "Typst"):
        fonts_table.add_column(column, justify="left" if column == "bundled font" else "right")
    columns = (fonts_weasyprint, fonts_ours, fonts_typst)
    for name in sorted(set().union(*columns)):
        fonts_table.add_row(name, *(f"{c[name]:,}" if name in c else "—" for c in columns))
    fonts_table.add_row("total", *(f"{sum(c.values()):,}" for c in columns))
    console.print(fonts_table)

    # The evenness of every issue built (bench/evenness.py); the batch's worst figures.
    built = {
        "sample": sample_out / "sample.pdf",
        "sample without photos": sample_out / "text-only.pdf",
        "large issue": sample_out / "large.pdf",
        **{f"fixture {f.stem}": sample_out / f"{f.stem}.pdf" for f in TYPOGRAPHY_FIXTURES},
        "sample, by Typst": typst_out / "2023-01.pdf",
    }
    typography = {name: evenness.figures(pdf) for name, pdf in built.items()}
    batch_figures = [evenness.figures(pdf) for pdf in sorted((work / "batch").glob("*.pdf"))]
    typography[f"batch of {len(batch_figures)} (worst)"] = {
        key: max(figures[key] for figures in batch_figures) for key in batch_figures[0]
    }
    even = Table(title="Evenness of the body text (bench/evenness.py; targets: 0, ≤ 0.35 em, 0, 0)")
    keys = ("ragged", "max_gap_em", "wide_gaps", "kinsoku", "hyphen_run")
    even.add_column("issue")
    for key in keys:
        even.add_column(key, justify="right")
    for name, figures in typography.items():
        even.add_row(name, *(str(figures[key]) for key in keys))
    console.print(even)

    where = Table(title="Where a rebuild's time goes (cProfile, share of render)")
    where.add_column("phase")
    where.add_column("share", justify="right")
    for phase, share in phases.items():
        where.add_row(phase, f"{share:.0%}")
    for module, seconds in imports.items():
        where.add_row(f"import {module} (cumulative, cold process)", f"{seconds:.3f} s")
    console.print(where)

    (BENCH / "results.json").write_text(
        json.dumps(
            {
                "machine": {"cores": os.cpu_count(), "python": platform.python_version()},
                "results": results,
                "font_program_bytes": {
                    "weasyprint_own": fonts_weasyprint,
                    "briefpdf": fonts_ours,
                    "typst": fonts_typst,
                },
                "typography": typography,
                "rebuild_phase_shares": phases,
                "import_seconds": imports,
            },
            indent=2,
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )
    console.print(f"written {BENCH / 'results.json'}")


if __name__ == "__main__":
    main()
