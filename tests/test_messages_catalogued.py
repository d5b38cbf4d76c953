"""Every text of ``src/`` a user can read comes from the message catalog (issue 27).

Each module is read as a syntax tree and every string literal and f-string in a place a user
reads is looked at: the message of an exception that reaches the user, what is printed or said
(``say``, ``emit``, ``typer.echo``, ``print``, a console's ``print``, a prompt), rich and Textual
texts (``Text(...)``, ``Text.assemble``, ``append(text, style)``, ``add_column``, ``add_row``,
``Table(title=…)``, labels, buttons, key bindings, titles), every ``help=``, ``title=``,
``message=``… keyword, and what the functions that make messages return or yield (``message``,
``text``, ``describe``, ``*_text``, ``*_lines``… see :data:`MESSAGE_FUNCTIONS`). A name in such a
place is followed to what it was given in its function or its module (``text = f"…"; say(text)``,
``help=_KIND_HELP``, ``say(TABLE[key])``), and a string is followed through what only builds a
string (``+``, ``%``, ``or``, ``x if c else y``, ``.join``, ``.format``, ``str``…).

A text is a message when, once code is taken out of it — placeholders, option flags, `backticked`
commands, paths and ids, URLs, all-capital names such as ID or UTC — an English word is left. It
must then be wrapped in ``_()``, ``ngettext()``, ``pgettext()`` (or ``N_()``, and translated where
shown) with its placeholders named, and be in the catalog with its Korean. Dates formatted with
English names of days or months (``%a %A %b %B %p``) are refused too: a Korean message writes its
dates with :mod:`itinerary.i18n.dates`. What is not a message is listed in :data:`ALLOWED`, each
with its reason — never skipped wholesale.

One case per module. A module whose part of the interface is not yet in the catalog is listed in
:data:`PENDING`: its case is expected to fail (strictly, so that a module made whole is taken off
the list at once).

Making a module pass: wrap each text the case names (a whole sentence, named placeholders; a
count with ``ngettext``; a table's texts with ``N_`` where tabled and ``_()`` where shown; a
message that goes into JSON with ``translator("en")``), run the catalog's pybabel extract/update
(``itinerary.i18n``) and translate every new entry. A text the case names that is truly not a
message (a token compared in code, a name) goes into :data:`ALLOWED` with its reason; an
exception that never reaches the user into :data:`DEVELOPER_EXCEPTIONS`."""

from __future__ import annotations

import ast
import builtins
import functools
import inspect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

import itinerary
from itinerary.i18n.extract import is_command

PACKAGE = Path(itinerary.__file__).resolve().parent
PO = PACKAGE / "i18n" / "locale" / "ko" / "LC_MESSAGES" / "itinerary.po"

UI = "the views: ui/, core/plan/, core/spans.py, core/now.py"
RULES = "the rules and records: model/, the rest of core/, changes/, storage/, formats/, sync/"
PENDING: dict[str, str] = {
}
"""Modules whose texts are not yet all in the catalog, with the part of the sweep (issue 27) they
belong to: each one's case must fail. A module made whole fails its strict xfail, and is taken
off the list; the list ends empty."""
"""Modules whose messages are not yet all in the catalog, with whose share of the sweep they are
(issue 27): their case must fail. Empty it as each share is merged."""

# --- what is a message ---------------------------------------------------------------------------

MARKERS = frozenset({"_", "N_", "ngettext", "pgettext", "gettext"})
"""Functions (or methods, such as ``translator("en").gettext``) that mark a message."""
SAY = frozenset({"say", "echo", "secho", "print", "emit", "confirm", "prompt", "notify", "warn", "log", "bell_text"})
"""Calls whose arguments are read: every positional argument is looked at."""
RENDER = {
    "Text": (0,), "Label": (0,), "Static": (0,), "Button": (0,), "Rule": (0,), "Markdown": (0,), "Tree": (0,),
    "TabPane": (0,), "Panel": (0,), "Binding": (2,), "add_column": (0,), "assemble": None, "add_row": None,
    "append_text": (0,), "update": (0,), "set_title": (0,), "Option": (0,), "ListItem": (0,),
}
"""Calls that build what a screen shows: the positions of their texts (None: all of them)."""
KEYWORDS = frozenset({
    "help", "title", "caption", "description", "placeholder", "label", "message", "reason", "prompt", "tooltip",
    "subtitle", "sub_title", "border_title", "border_subtitle", "hint", "summary", "heading", "header", "footer",
    "resolve_hint", "nothing", "empty", "note", "warning",
})
"""Keyword arguments that carry a text a user reads, whatever the call."""
ATTRIBUTES = frozenset({"title", "sub_title", "border_title", "border_subtitle", "tooltip", "placeholder", "TITLE", "SUB_TITLE"})
"""Attributes and class variables that a screen shows (``self.title = …``)."""
MESSAGE_FUNCTIONS = re.compile(
    r"^(message|text|describe\w*|summary|problem|explain\w*|hint|reason|label|heading|headline|caption|sentence|words?|"
    r"said|status_word|\w+_(message|text|label|title|hint|summary|lines?|words?|reason|sentence|caption|heading|note|notes|mark))$"
)
"""Functions whose returned (or yielded) strings are messages."""
BUILDERS = frozenset({"join", "format", "strip", "rstrip", "lstrip", "removesuffix", "removeprefix", "capitalize", "upper",
                      "lower", "replace", "center", "ljust", "rjust", "str", "printable", "escape"})
"""Calls that only build a string from their receiver and arguments: followed."""
DEVELOPER_EXCEPTIONS = {
    "AssertionError": "a broken promise of the code itself: shown only inside 'internal error (…); please report it'",
    "NotImplementedError": "a hole in the code, never reached by a command",
    "StopIteration": "control flow",
    "KeyboardInterrupt": "control flow",
}
"""Exceptions whose words are the program's, not the officer's."""

CODE = re.compile(
    r"`[^`]*`"  # a command as typed
    r"|https?://\S+"  # a URL
    r"|\{[^{}]*\}"  # a placeholder
    r"|%[-#0-9.]*[A-Za-z]"  # a %-format
    r"|(?<![\w-])--?[A-Za-z][\w-]*"  # an option flag
    r"|[\w<>*~]*[\w>*][-_./:=@\\][\w<>*./:=@\\-]*"  # a path, a file name, an id, a zone, KEY=VALUE
    r"|\b[A-Z][A-Z0-9]+s?\b"  # an all-capital name: ID, UTC, JSON, SEQUENCE, FILE
)
"""What is code, not words, inside a text."""
NOT_WORDS = frozenset({"itinerary", "iCalendar", "CalDAV", "CardDAV", "vCard", "ics", "toml", "json", "caldav"})
"""Words that are names and read the same in every language."""
WORD = re.compile(r"[A-Za-z]{2,}")
ENGLISH_DATES = re.compile(r"%[-#0-9]*[aAbBp]")
"""strftime codes that write English names (of days, months, AM/PM)."""


def words(text: str) -> list[str]:
    """The English words of ``text`` once its code is taken out ([] when it is not a message)."""
    stripped = CODE.sub(" ", text.replace("{{", "").replace("}}", ""))
    return [w for w in WORD.findall(stripped) if w not in NOT_WORDS and not (w.isupper() and w != "TBC")]


ALLOWED: dict[tuple[str, str], str] = {
    ("i18n.dates", "{} {}"): "day_text's English form of a day ('22 May 2026'), beside its Korean form: each language writes its own",
    ("core.plan.notes", "{}"): "moment_text's English form ('21 May 09:00'); its Korean branch writes with itinerary.i18n.dates",
    ("ui.marks", "{} {} {} · {}월 {}일 ({})"): "day_heading's English form, kept word for word; its Korean branch writes with itinerary.i18n.dates",
    ("ui.office", "{}–{}"): "the English form of a visit's days; the Korean branch writes with itinerary.i18n.dates",
    ("ui.office", "{}"): "the English form of a one-day visit; the Korean branch writes with itinerary.i18n.dates",
    ("ui.board.app", "itinerary board"): "the program's name, the same in every language",
    ("ui.board.clock", "a simulated clock starts at an aware moment"): "a programming error: the command line checks --clock before the board starts",
    ("ui.board.clock", "a clock cannot run backwards"): "a programming error: the command line checks --speed before the board starts",
    ('changes.calendars', 'draft after Rev. {}'): 'the revision label written into shared calendars: the same bytes whoever exports them',
    ('core.calview', ' (time TBC)'): "the mark written into a shared calendar's SUMMARY, read back by the three-way merge: the same bytes in every language",
    ('core.calview', 'not a view'): 'raised inside the parser and caught there: the user reads the error that names the file, line or row instead',
    ('core.fromcal', 'Untitled'): 'the title written into a record taken from a calendar (data, not a message)',
    ('core.journalread', 'expected text'): 'raised inside the parser and caught there: the user reads the error that names the file, line or row instead',
    ('core.journalread', 'a change that is not an object'): 'raised inside the parser and caught there: the user reads the error that names the file, line or row instead',
    ('core.journalread', 'a file outside the data folder'): 'raised inside the parser and caught there: the user reads the error that names the file, line or row instead',
    ('core.journalread', 'fields'): 'raised inside the parser and caught there: the user reads the error that names the file, line or row instead',
    ('core.journalread', 'a time without a zone'): 'raised inside the parser and caught there: the user reads the error that names the file, line or row instead',
    ('core.journalread', 'changes'): 'raised inside the parser and caught there: the user reads the error that names the file, line or row instead',
    ('formats.exportstate', 'out of range'): 'raised inside the parser and caught there: the user reads the error that names the file, line or row instead',
    ('storage.cacherows', 'a cache row of another shape'): 'raised on a damaged cache row and caught: the row is dropped and its file read',
    ("ui.board.records", "asked for"): "the reason of a Textual signal, never shown",
    ('formats.noticelog', 'a time without a zone'): 'raised inside the send log\'s parser and caught there: the user reads that the line was skipped, naming file and line',
    ('formats.noticelog', 'kind'): 'raised inside the send log\'s parser and caught there: the user reads that the line was skipped, naming file and line',
    ('formats.noticelog', 'revision'): 'raised inside the send log\'s parser and caught there: the user reads that the line was skipped, naming file and line',
    ('formats.noticelog', 'sequences'): 'raised inside the send log\'s parser and caught there: the user reads that the line was skipped, naming file and line',
    ('formats.noticelog', 'checksum'): 'raised inside the send log\'s parser and caught there: the user reads that the line was skipped, naming file and line',
    ('formats.noticelog', 'not an object'): 'raised inside the send log\'s parser and caught there: the user reads that the line was skipped, naming file and line',
    ('formats.notice', 'Header values may not contain linefeed or carriage return characters'): "the email package's own refusal, repeated by the notice's policy and caught in compose: the user reads 'cannot be written in a mail header'",
    ("changes.teampush", "{} — directory"): "the address book's display name written on the shared server: the same bytes whichever replica sends it",
    ("changes.teamrecords", "not a record"): "raised inside the reader of a shared record and caught there: the user reads the error that names the record",
    ("formats.teamstate", "schema"): "raised inside the parser and caught there: the user reads the error that names the file, line or row instead",
    ("formats.teamstate", "a table"): "raised inside the parser and caught there: the user reads the error that names the file, line or row instead",
}
"""Texts in a place a user reads that are nevertheless not messages: (module, text) → why.
An f-string's text is written with ``{}`` for each value."""


# --- the walk ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One text a user can read that does not come from the catalog."""

    line: int
    text: str
    where: str
    """The place it was found in (a call, a keyword, a function's return)."""
    why: str = "not in the catalog: wrap it in _() (N_() where it is tabled), with named placeholders"

    def __str__(self) -> str:
        return f"line {self.line}: {self.text!r} ({self.where}): {self.why}"


def _name(node: ast.AST) -> str | None:
    """The last name of a called thing: ``typer.echo`` → 'echo', ``Text`` → 'Text'."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _shown(node: ast.JoinedStr | ast.Constant) -> str:
    if isinstance(node, ast.Constant):
        return str(node.value)
    return "".join(str(v.value) if isinstance(v, ast.Constant) else "{}" for v in node.values)


class Module:
    """One module's texts, read from its syntax tree."""

    def __init__(self, name: str, source: str) -> None:
        self.name = name
        self.tree = ast.parse(source)
        self.parents: dict[ast.AST, ast.AST] = {}
        for parent in ast.walk(self.tree):
            for child in ast.iter_child_nodes(parent):
                self.parents[child] = parent
        self.exceptions = exception_names()
        self.problems: dict[tuple[int, str], Problem] = {}
        self.marked: list[tuple[int, str]] = []
        """The messages this module marks (line, msgid)."""

    # -- following a name to what it was given ----------------------------------------------------

    def _scope(self, node: ast.AST) -> ast.AST:
        while node in self.parents:
            node = self.parents[node]
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                return node
        return self.tree

    def _given(self, name: str, at: ast.AST) -> Iterator[ast.expr]:
        """What ``name`` was given in the scope of ``at``, and at module level."""
        scopes = [self._scope(at)]
        if scopes[0] is not self.tree:
            scopes.append(self.tree)
        for scope in scopes:
            for node in ast.walk(scope):
                if scope is not self.tree or self._scope(node) is self.tree:
                    if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
                        yield node.value
                    elif isinstance(node, (ast.AnnAssign, ast.AugAssign)) and isinstance(node.target, ast.Name) \
                            and node.target.id == name and node.value is not None:
                        yield node.value

    # -- the texts of an expression --------------------------------------------------------------

    def texts(self, expr: ast.AST | None, seen: frozenset[str] = frozenset()) -> Iterator[ast.Constant | ast.JoinedStr]:
        """The string literals and f-strings ``expr`` is made of, outside marked messages."""
        if expr is None:
            return
        if isinstance(expr, ast.Constant):
            if isinstance(expr.value, str):
                yield expr
        elif isinstance(expr, ast.JoinedStr):
            yield expr
            for value in expr.values:
                if isinstance(value, ast.FormattedValue):
                    yield from self.texts(value.value, seen)
        elif isinstance(expr, ast.BinOp):
            yield from self.texts(expr.left, seen)
            yield from self.texts(expr.right, seen)
        elif isinstance(expr, ast.IfExp):
            yield from self.texts(expr.body, seen)
            yield from self.texts(expr.orelse, seen)
        elif isinstance(expr, ast.BoolOp):
            for value in expr.values:
                yield from self.texts(value, seen)
        elif isinstance(expr, (ast.Tuple, ast.List, ast.Set)):
            for element in expr.elts:
                yield from self.texts(element, seen)
        elif isinstance(expr, ast.Dict):
            for value in expr.values:
                yield from self.texts(value, seen)
        elif isinstance(expr, (ast.GeneratorExp, ast.ListComp)):
            yield from self.texts(expr.elt, seen)
        elif isinstance(expr, ast.Starred):
            yield from self.texts(expr.value, seen)
        elif isinstance(expr, ast.Call):
            called = _name(expr.func)
            if called in MARKERS:
                return
            if called in BUILDERS:
                if isinstance(expr.func, ast.Attribute):
                    yield from self.texts(expr.func.value, seen)
                for arg in [*expr.args, *(k.value for k in expr.keywords)]:
                    yield from self.texts(arg, seen)
        elif isinstance(expr, ast.Name) and expr.id not in seen and len(seen) < 4:
            for value in self._given(expr.id, expr):
                yield from self.texts(value, seen | {expr.id})
        elif isinstance(expr, ast.Subscript) and isinstance(expr.value, ast.Name) and expr.value.id not in seen:
            for value in self._given(expr.value.id, expr):
                if isinstance(value, (ast.Dict, ast.List, ast.Tuple)):
                    yield from self.texts(value, seen | {expr.value.id})

    def look(self, expr: ast.AST | None, where: str) -> None:
        """Every text of ``expr`` that is a message not from the catalog is a problem."""
        for text in self.texts(expr):
            shown = _shown(text)
            if isinstance(text, ast.JoinedStr):
                for value in text.values:
                    spec = value.format_spec if isinstance(value, ast.FormattedValue) else None
                    if isinstance(spec, ast.JoinedStr) and ENGLISH_DATES.search(_shown(spec)) and (self.name, shown) not in ALLOWED:
                        self._problem(text, shown, where, "a date with English names: write it with itinerary.i18n.dates")
            if words(shown) and (self.name, shown) not in ALLOWED:
                self._problem(text, shown, where)

    def _problem(self, node: ast.AST, text: str, where: str, why: str | None = None) -> None:
        line = getattr(node, "lineno", 0)
        self.problems.setdefault((line, text), Problem(line, text, where, *([why] if why else [])))

    # -- the places a user reads -------------------------------------------------------------------

    def walk(self) -> list[Problem]:
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Call):
                self._call(node)
            elif isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
                called = _name(node.exc.func)
                if called not in DEVELOPER_EXCEPTIONS:
                    for arg in node.exc.args[-1:] if called == "fail" else node.exc.args:  # fail(field, message)
                        self.look(arg, f"raise {called}")
            elif isinstance(node, (ast.Return, ast.Yield, ast.YieldFrom)) and node.value is not None:
                function = self._scope(node)
                if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)) and MESSAGE_FUNCTIONS.match(function.name):
                    self.look(node.value, f"returned by {function.name}()")
            elif isinstance(node, (ast.Assign, ast.AnnAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    if _name(target) in ATTRIBUTES:
                        self.look(node.value, f"{_name(target)} =")
                    if isinstance(target, ast.Name) and target.id == "BINDINGS" and isinstance(node.value, (ast.List, ast.Tuple)):
                        for binding in node.value.elts:
                            if isinstance(binding, ast.Tuple) and len(binding.elts) >= 3:
                                self.look(binding.elts[2], "BINDINGS")
            elif is_command(node):  # its docstring is its help, which pybabel extracts (itinerary.i18n.extract)
                assert isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
                doc = ast.get_docstring(node, clean=True)
                if doc:
                    self.marked.append((node.lineno, doc))
        return sorted(self.problems.values(), key=lambda p: p.line)

    def _call(self, node: ast.Call) -> None:
        called = _name(node.func)
        if called in MARKERS:
            self._marker(node, called)
            return
        if isinstance(node.func, ast.Attribute) and node.func.attr in ("format", "format_map") and isinstance(node.func.value, ast.Call) \
                and _name(node.func.value.func) in MARKERS:
            self._problem(node, ast.unparse(node)[:80], ".format", "fill the placeholders inside _(): _('…{x}…', x=…)")
        for keyword in node.keywords:
            if keyword.arg in KEYWORDS:
                self.look(keyword.value, f"{keyword.arg}=")
        if called in self.exceptions and called not in DEVELOPER_EXCEPTIONS:
            for arg in node.args:
                self.look(arg, called)
        elif called in SAY:
            for arg in node.args:
                self.look(arg, f"{called}()")
        elif called == "write" and "std" in ast.unparse(node.func):
            for arg in node.args:
                self.look(arg, "write()")
        elif called == "fail" and node.args:
            self.look(node.args[-1], "fail()")
        elif called == "append" and (len(node.args) == 2 or any(k.arg == "style" for k in node.keywords)):
            self.look(node.args[0], "Text.append()")
        elif called in RENDER:
            positions = RENDER[called]
            for i, arg in enumerate(node.args):
                if positions is None or i in positions:
                    self.look(arg, f"{called}()")
        elif called == "strftime" and node.args:
            for text in self.texts(node.args[0]):
                if ENGLISH_DATES.search(_shown(text)) and (self.name, _shown(text)) not in ALLOWED:
                    self._problem(text, _shown(text), "strftime()", "a date with English names: write it with itinerary.i18n.dates")

    def _marker(self, node: ast.Call, called: str) -> None:
        """A marked message: a literal (or a tabled one), whole; remembered for the catalog check."""
        positions = {"ngettext": (0, 1), "pgettext": (1,)}.get(called, (0,))
        for i in positions:
            if i >= len(node.args):
                continue
            arg = node.args[i]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                self.marked.append((node.lineno, arg.value))
            elif isinstance(arg, (ast.Name, ast.Subscript)):  # a tabled message: each must be marked N_() where tabled
                self.look(arg, f"{called}() of a table")
            elif isinstance(arg, (ast.JoinedStr, ast.BinOp)) or (isinstance(arg, ast.Call) and _name(arg.func) in BUILDERS):
                self._problem(arg, ast.unparse(arg)[:80], f"{called}()",
                              "a message is one literal with named placeholders, not built before it is translated")
        parent = self.parents.get(node)
        if isinstance(parent, ast.BinOp) and isinstance(parent.op, ast.Mod) and parent.left is node:
            self._problem(parent, ast.unparse(parent)[:80], "%", "fill the placeholders inside _(): _('…{x}…', x=…)")


@functools.cache
def exception_names() -> frozenset[str]:
    """Every exception class a module may make: Python's own and every class of ``src/`` that
    derives from one (by name, through the whole package)."""
    known = {name for name, value in vars(builtins).items() if inspect.isclass(value) and issubclass(value, BaseException)}
    known |= {"BadParameter", "UsageError", "ClickException"}
    bases: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                bases.setdefault(node.name, set()).update(n for n in (_name(b) for b in node.bases) if n)
    grown = True
    while grown:
        grown = False
        for name, parents in bases.items():
            if name not in known and parents & known:
                known.add(name)
                grown = True
    return frozenset(known)


def modules() -> dict[str, Path]:
    """Every module of the package by dotted name ('cli.app', 'errors', 'core.plan.words')."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        found[".".join(p for p in parts if p != "__init__") or "__init__"] = path
    return found


@functools.cache
def catalogue() -> dict[str, bool]:
    """The Korean catalog's messages (each msgid, plural forms too) and whether each is translated."""
    with PO.open("rb") as source:
        found = read_po(source, locale="ko")
    out: dict[str, bool] = {}
    for message in found:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for msgid in ids:
            out[str(msgid)] = bool(all(strings)) and not message.fuzzy
    return out


def problems_of(name: str, source: str, catalog: dict[str, bool] | None = None) -> list[Problem]:
    """What a module shows a user that does not come from the (Korean) catalog."""
    module = Module(name, source)
    found = module.walk()
    if catalog is not None:
        for line, msgid in module.marked:
            if msgid not in catalog:
                found.append(Problem(line, msgid, "marked", "not in the catalog: run the pybabel extract/update of itinerary.i18n"))
            elif not catalog[msgid]:
                found.append(Problem(line, msgid, "marked", "in the catalog without its Korean"))
    return found


# --- the tests -----------------------------------------------------------------------------------

MODULES = modules()


@pytest.mark.parametrize("name", [
    pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=f"not yet in the catalog ({PENDING[name]})")) if name in PENDING else name
    for name in MODULES
])
def test_every_text_a_user_reads_comes_from_the_catalog(name: str) -> None:
    found = problems_of(name, MODULES[name].read_text(encoding="utf-8"), catalogue())
    assert not found, f"{MODULES[name]}:\n  " + "\n  ".join(str(p) for p in found)


def test_the_allowed_texts_are_still_there() -> None:
    """An allowance whose text is gone is taken off the list (the list stays what it says)."""
    stale = []
    for (name, text), _reason in ALLOWED.items():
        module = Module(name, MODULES[name].read_text(encoding="utf-8"))
        shown = {_shown(n) for n in ast.walk(module.tree) if isinstance(n, (ast.Constant, ast.JoinedStr))}
        if text not in shown:
            stale.append((name, text))
    assert not stale, stale


def test_pending_names_only_modules_that_exist() -> None:
    assert set(PENDING) <= set(MODULES), set(PENDING) - set(MODULES)


UNMARKED = [
    'raise UsageError(f"--to must be after {flag}")',
    'raise NotFound("no such event")',
    'say(f"Wrote {path} ({n} events).")',
    'typer.echo("Nothing removed.")',
    'print("done")',
    'console.print(f"{n} min")',
    'table.add_column("Venue")',
    'Table(title="Timeline")',
    'Text.assemble(("tentative", "dim"), " ")',
    'line.append(" cancelled", style="red")',
    'typer.Option("--all", help="Include cancelled events.")',
    'x = "Show local time only."\ntyper.Option("--x", help=x)',
    'def f():\n    text = f"{n} references name nothing"\n    raise UsageError(text)',
    'WORDS = {"a": "confirmed"}\ndef f(k):\n    say(WORDS[k])',
    'def gap_text(g):\n    return f"travel {g} min"',
    'def summary_lines(xs):\n    yield "History"',
    'say(name or "none yet")',
    'say(", ".join(names) + " are busy")',
    'errors.append(InvalidData("not a day"))',
    'raise f.fail("zone", "missing")',
    'self.title = "Board"',
    'BINDINGS = [("q", "quit", "Quit")]',
    'Binding("c", "confirm", "Confirm")',
    'raise UsageError(_(f"--to must be after {x}"))',
    'raise UsageError(_("--to must be after {x}").format(x=x))',
    'raise UsageError(_("--to must be after %s") % x)',
    'say(_("day " + x))',
    'say(f"{day:%d %B %Y}")',
    'say(day.strftime("%a %d %b"))',
    'LABELS = {"ok": "Confirmed"}\ndef f(k):\n    say(_(LABELS[k]))',
]
"""Texts a user reads, not from the catalog: each one a problem."""
MARKED_OR_CODE = [
    'raise UsageError(_("--to must be after {flag}", flag=flag))',
    'say(ngettext("{n} event", "{n} events", n, n=n))',
    'say(pgettext("kind", "meeting"))',
    'HELP = N_("Include cancelled events.")\ntyper.Option("--all", help=HELP)',
    'say(f"{flag}: {problem}")',
    'say(f"{flag} {text} → {found}")',
    'raise UsageError(f"--day: {err.reason}")',
    'raise InvalidData(reason, source=str(path), field="start")',
    'say(f"! {note}")',
    'typer.echo(json.dumps(data))',
    'say(f"`itinerary undo` ({n})")',
    'raise NotFound(lookup.message("person", text))',
    'raise AssertionError("the solver broke a constraint")',
    'table.add_column(_("Venue"))',
    'say(f"{when:%Y-%m-%d %H:%M} UTC")',
    'say(f"{path}: exports/<visit id>/visit.ics")',
    'say(translator("en").gettext("{n} min", n=n))',
    'LABELS = {"ok": N_("Confirmed")}\ndef f(k):\n    say(_(LABELS[k]))',
    'def f(text):\n    say(_(text))',
]
"""Marked messages, and texts that are code (flags, ids, files, separators): no problem."""


@pytest.mark.parametrize("source", UNMARKED)
def test_a_text_a_user_reads_outside_the_catalog_is_found(source: str) -> None:
    assert problems_of("sample", source), source


@pytest.mark.parametrize("source", MARKED_OR_CODE)
def test_a_marked_message_or_code_is_not_a_problem(source: str) -> None:
    assert not problems_of("sample", source), source


def test_a_marked_message_missing_from_the_catalog_or_untranslated_is_found() -> None:
    assert problems_of("sample", 'say(_("A message no catalog holds."))', {})
    assert problems_of("sample", 'say(_("Venue"))', {"Venue": False})
    assert not problems_of("sample", 'say(_("Venue"))', {"Venue": True})
    command = '@app.command()\ndef timeline() -> None:\n    """Show the programme.\n\n    Example: itinerary timeline\n    """\n'
    assert [p.text for p in problems_of("sample", command, {})] == ["Show the programme.\n\nExample: itinerary timeline"]
