"""The architecture of ../shared/STYLE.md, enforced by walking every module under src/ (cli/
included) and every import in it (function-level imports included)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import itinerary

PACKAGE = Path(itinerary.__file__).parent
ROWS = ["i18n", "errors", "model", "core", "formats", "storage", "changes", "sync", "ui", "cli"]
"""The rows, top to bottom: a module imports only from its own row and the rows above it."""
PURE_ROWS = {"errors", "model", "core", "formats"}
"""Rows that do no I/O: no file, process, network or terminal modules, no open/print/input."""
IO_MODULES = {"os", "pathlib", "shutil", "subprocess", "socket", "sys", "io", "tempfile", "sqlite3", "filelock", "urllib",
              "http", "netrc", "getpass", "niquests"}
IO_CALLS = {"open", "print", "input"}
THIRD_PARTY = {
    # library: the only modules that may import it
    "typer": {"cli"},
    "click": set(),
    "rich": {"ui", "cli"},
    "textual": {"ui"},
    "icalendar": {"formats.ics", "formats.vtimezone", "formats.icsread", "formats.icszones", "formats.teamics"},
    "vobject": {"formats.vcard"},
    "recurring_ical_events": {"formats.icsread"},
    "x_wr_timezone": {"formats.icsread"},
    "caldav": {"sync.caldav", "sync.dav"},
    "niquests": {"sync.caldav", "sync.transport", "sync.dav"},
    "smtplib": {"sync.smtp"},
    "ssl": {"sync.smtp", "sync.probe"},
    "jinja2": {"formats.book", "formats.noticehtml"},
    "babel": {"formats.book", "formats.booktext", "i18n"},
    "dateutil": {"core.timeparse"},
    "filelock": {"storage.backend", "storage.noticelog"},
    "sqlite3": {"storage.cache"},
    "subprocess": {"ui.pdf"},
    "tomli_w": {"formats.toml"},
    "tomllib": {"formats.toml", "cli.completion"},
    "toml_rs": {"formats.toml"},
    "ortools": {"core.plan.solve"},
}
MAX_LINES = 400


def modules() -> dict[str, Path]:
    """Every module by dotted name relative to the package ('core.engine', 'cli.app', 'errors')."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        name = ".".join(p for p in parts if p != "__init__") or "__init__"
        found[name] = path
    return found


def row_of(name: str) -> str | None:
    """The row of a module ('core.engine' → 'core'); None for the package's own __init__/__main__."""
    head = name.split(".")[0]
    if head == "__main__":
        return "cli"
    return head if head in ROWS else None


def imports(path: Path) -> list[str]:
    """Every module ``path`` imports, at any depth of the file, as absolute names."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.append(node.module)
            if node.module == "itinerary":
                found += [f"itinerary.{alias.name}" for alias in node.names]
    return found


def calls(path: Path) -> set[str]:
    return {
        node.func.id
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    }


MODULES = modules()


def test_every_module_belongs_to_a_row() -> None:
    strays = [name for name in MODULES if name not in ("__init__", "__main__") and row_of(name) is None]
    assert not strays, f"modules outside the rows of STYLE.md: {strays}"


@pytest.mark.parametrize("name", sorted(MODULES))
def test_imports_only_from_its_own_row_and_the_rows_above(name: str) -> None:
    row = row_of(name)
    if row is None:
        return
    for imported in imports(MODULES[name]):
        if not imported.startswith("itinerary.") or imported in ("itinerary", "itinerary.__version__"):
            continue
        other = row_of(imported.removeprefix("itinerary."))
        assert other is not None, f"{name} imports {imported}, which is in no row"
        assert ROWS.index(other) <= ROWS.index(row), f"{name} ({row}) imports {imported} ({other}), a row below it"


@pytest.mark.parametrize("name", sorted(MODULES))
def test_third_party_libraries_stay_in_their_modules(name: str) -> None:
    for imported in imports(MODULES[name]):
        root = imported.split(".")[0]
        if root in THIRD_PARTY:
            allowed = THIRD_PARTY[root]
            assert name in allowed or row_of(name) in allowed or name.split(".")[0] in allowed, f"{name} imports {root}"


@pytest.mark.parametrize("name", sorted(n for n in MODULES if row_of(n) in PURE_ROWS))
def test_the_pure_rows_do_no_io(name: str) -> None:
    roots = {i.split(".")[0] for i in imports(MODULES[name])}
    assert not roots & IO_MODULES, f"{name} imports an I/O module: {roots & IO_MODULES}"
    assert not calls(MODULES[name]) & IO_CALLS, f"{name} does I/O: {calls(MODULES[name]) & IO_CALLS}"


def test_commands_never_import_each_other() -> None:
    shared = {"cli.app", "cli.options", "cli.folder"}
    for name, path in MODULES.items():
        if row_of(name) != "cli" or name in shared or name == "cli":
            continue
        for imported in imports(path):
            other = imported.removeprefix("itinerary.")
            assert not (other.startswith("cli.") and other not in shared), f"{name} imports the command module {other}"


def own_imports(name: str) -> set[str]:
    """The package's modules that ``name`` imports, at any depth of the file, type-checking
    imports included (`from itinerary.cli import completion` names the module `cli.completion`)."""
    found = set()
    for node in ast.walk(ast.parse(MODULES[name].read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            subs = [f"{node.module}.{alias.name}" for alias in node.names]
            modules = [sub for sub in subs if sub.removeprefix("itinerary.") in MODULES]
            names = modules if len(modules) == len(subs) else [node.module, *modules]
        found |= {n.removeprefix("itinerary.") for n in names if n.startswith("itinerary.")}
    return {n for n in found if n in MODULES and n != name}


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import one another, directly or round about (Tarjan's
    strongly connected components of more than one module)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_circles_are_found() -> None:
    graph = {"cli.app": {"cli.completion"}, "cli.completion": {"cli.options"}, "cli.options": {"cli.app"}, "cli.board": {"cli.app"}}
    assert circles(graph) == [["cli.app", "cli.completion", "cli.options"]]
    assert circles({"a": {"b"}, "b": set()}) == []


def test_no_modules_import_each_other() -> None:
    """Modules that import one another (even round about, even only to name a type) are one
    module in two files: the folders would no longer show which depends on which."""
    found = circles({name: own_imports(name) for name in MODULES})
    assert not found, f"modules that import each other: {found}"


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_module_passes_the_size_limit(name: str) -> None:
    lines = len(MODULES[name].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{name} has {lines} lines: split it"


def test_only_storage_touches_the_data_folder() -> None:
    for name, path in MODULES.items():
        text = path.read_text(encoding="utf-8")
        if ".read_bytes(" in text or "os.replace(" in text or "os.link(" in text or ".write_bytes(" in text:
            assert row_of(name) == "storage", f"{name} writes or reads files itself"


def test_exit_codes_are_chosen_in_one_place() -> None:
    for name, path in MODULES.items():
        text = path.read_text(encoding="utf-8")
        if name != "cli.app":
            assert "typer.Exit(" not in text and "sys.exit(" not in text, f"{name} chooses an exit code itself"
