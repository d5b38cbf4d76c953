"""The architecture of ../shared/STYLE.md, enforced by walking every module's imports."""

from __future__ import annotations

import ast
from pathlib import Path

import itinerary

PACKAGE = Path(itinerary.__file__).parent
CORE = {"model", "conflicts", "agenda", "codec", "jsonout", "timeparse", "errors", "ics", "icsread", "merge", "journal", "revisions"}
IO_NAMES = {"open", "print", "input"}
IO_MODULES = {"os", "pathlib", "shutil", "subprocess", "socket", "sys", "io", "tempfile", "sqlite3", "filelock", "urllib", "http"}


def imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def calls(path: Path) -> set[str]:
    return {
        node.func.id
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    }


def modules() -> dict[str, Path]:
    return {p.stem: p for p in PACKAGE.glob("*.py")}


def test_core_is_pure() -> None:
    for name, path in modules().items():
        if name not in CORE:
            continue
        roots = {i.split(".")[0] for i in imports(path)}
        assert not roots & {"typer", "rich", "click"}, f"{name} imports a UI library"
        assert not roots & IO_MODULES, f"{name} imports an I/O module: {roots & IO_MODULES}"
        assert not calls(path) & IO_NAMES, f"{name} does I/O: {calls(path) & IO_NAMES}"


def test_only_ics_module_imports_icalendar() -> None:
    for name, path in modules().items():
        if "icalendar" in {i.split(".")[0] for i in imports(path)}:
            assert name in {"ics", "icsread"}, name


def test_only_views_builds_rich_output_and_only_cli_imports_typer() -> None:
    for name, path in modules().items():
        roots = {i.split(".")[0] for i in imports(path)}
        if "typer" in roots:
            assert name == "cli", name
        if "rich" in roots:
            assert name in {"views", "cli"}, name
        assert "click" not in roots, name


def test_only_store_touches_the_data_folder() -> None:
    for name, path in modules().items():
        if name in CORE:
            continue
        text = path.read_text(encoding="utf-8")
        if ".read_bytes(" in text or "os.replace(" in text or "os.link(" in text:
            assert name in {"store", "cli", "journal", "cache", "busy", "remote", "book"}, name


def test_no_module_passes_the_size_limit() -> None:
    for name, path in modules().items():
        lines = len(path.read_text(encoding="utf-8").splitlines())
        assert lines < 700, f"{name} has {lines} lines: split it"
