"""The package shows the pipeline, and its imports run one way, from the commands down:
cli -> authoring/mail -> build -> engine -> issue -> messages. The code map in
docs/code-map.md names every module, and only modules that exist."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

from helpers import ROOT

PACKAGE = ROOT / "src" / "briefpdf"

# A module may import from its own stage and from the stages below it, never above.
RANK = {
    "messages": 0,
    "paths": 0,
    "issue": 1,
    "engine": 2,
    "build": 3,
    "authoring": 4,
    "mail": 4,
    "cli": 5,
}


def stage(module: str) -> str:
    """briefpdf.engine.render -> engine; briefpdf (the package itself) -> messages."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in RANK else "messages"


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imports(path: Path) -> set[str]:
    """Every module `path` imports, at its top or inside a function."""
    named: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            named |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            named.add(node.module)
            named |= {f"{node.module}.{alias.name}" for alias in node.names}
    return named


def is_only_a_docstring(path: Path) -> bool:
    body = ast.parse(path.read_text(encoding="utf-8")).body
    return len(body) == 1 and isinstance(body[0], ast.Expr)


def test_imports_run_from_the_commands_down() -> None:
    upward = []
    for name, path in modules().items():
        if name in ("briefpdf", "briefpdf.__main__"):
            continue  # the package's door: it sets up the fonts, the entry point runs cli
        for imported in imports(path):
            below_us = not imported.startswith("briefpdf.") or imported.split(".")[1] not in RANK
            if not below_us and RANK[stage(imported)] > RANK[stage(name)]:
                upward.append(f"{name} imports {imported}")
    assert upward == []


def test_nothing_below_the_commands_knows_typer() -> None:
    below = [
        name
        for name, path in modules().items()
        if stage(name) != "cli" and name != "briefpdf.__main__" and "typer" in imports(path)
    ]
    assert below == []


def test_a_batch_worker_loads_neither_typer_nor_the_commands() -> None:
    code = """
import sys
from briefpdf.build import batch
with batch._workers().Pool(1) as pool:
    print(pool.apply(eval, ("sorted(m for m in __import__('sys').modules if m.startswith(('typer', 'briefpdf.cli')))",)))
"""
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_the_code_map_names_every_module_and_only_those() -> None:
    text = (ROOT / "docs" / "code-map.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`(src/briefpdf/[\w/]+\.py)`", text))
    present = {
        str(path.relative_to(ROOT))
        for path in modules().values()
        if not is_only_a_docstring(path)  # a stage's __init__.py, which says what it holds
    }
    assert sorted(present - named) == [], "modules missing from docs/code-map.md"
    assert sorted(named - present) == [], "docs/code-map.md names modules that do not exist"
