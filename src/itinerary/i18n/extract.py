"""The messages of a source file for the catalog (``babel.cfg`` names this extractor): every
message Babel's own Python extractor finds (``_``, ``ngettext``, ``pgettext``, ``N_``…), and the
help of each command of the command line, which is its docstring — typer shows it as
``itinerary COMMAND --help`` shows it, and the command line translates it there
(:mod:`itinerary.cli.helppage`).

Used only by ``pybabel extract`` and the tests, never by a command.
"""

from __future__ import annotations

import ast
from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any

from babel.messages.extract import extract_python


def is_command(node: ast.AST) -> bool:
    """True for a function decorated as a command (``@app.command()``, ``@busy_app.command("add")``)."""
    return isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and any(
        isinstance(d, ast.Call) and isinstance(d.func, ast.Attribute) and d.func.attr == "command" for d in node.decorator_list
    )


def command_helps(source: str) -> Iterator[tuple[int, str]]:
    """The line and the help (the docstring, cleaned as typer cleans it) of each command of ``source``."""
    for node in ast.walk(ast.parse(source)):
        if is_command(node):
            assert isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
            doc = ast.get_docstring(node, clean=True)
            if doc:
                yield node.lineno, doc


def extract(fileobj: IO[bytes], keywords: Mapping[str, Any], comment_tags: Collection[str],
            options: Any) -> Iterator[tuple[Any, ...]]:
    """Babel's extractor interface: ``(line, function, message or plural forms, comments)`` for each message."""
    source = fileobj.read()
    fileobj.seek(0)
    yield from extract_python(fileobj, keywords, comment_tags, options)
    for line, help_text in command_helps(source.decode(options.get("encoding", "utf-8"))):
        yield line, "_", help_text, []
