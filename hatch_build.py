"""The build compiles the message catalogs: each ``src/itinerary/i18n/locale/*/LC_MESSAGES/*.po``
into the ``.mo`` beside it, with Babel, for a wheel and for an editable install alike. The
``.mo`` files are never committed (.gitignore); the wheel takes them as build artifacts.

A catalog that Babel cannot read, or that holds a fuzzy or untranslated entry, stops the build:
a Korean interface with holes in it is not shipped.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

try:
    from hatchling.builders.hooks.plugin.interface import BuildHookInterface
except ImportError:  # imported by the tests, for compile_catalogs, where no build backend is installed
    BuildHookInterface = object

CATALOGS = "src/itinerary/i18n/locale"


def compile_catalogs(root: Path) -> list[Path]:
    """Compile every catalog under ``root``; the ``.mo`` files written."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for po in sorted((root / CATALOGS).glob("*/LC_MESSAGES/*.po")):
        with po.open("rb") as source:
            catalog = read_po(source, locale=po.parent.parent.name)
        holes = [m.id for m in catalog if m.id and (m.fuzzy or not (m.string if isinstance(m.string, str) else all(m.string)))]
        if holes:
            raise RuntimeError(f"{po}: {len(holes)} message(s) fuzzy or not translated, first {holes[0]!r}")
        mo = po.with_suffix(".mo")
        handle, temporary = tempfile.mkstemp(dir=po.parent, prefix=".", suffix=".mo")
        try:
            with os.fdopen(handle, "wb") as out:
                write_mo(out, catalog)
            os.chmod(temporary, 0o644)  # mkstemp makes it private; an installed catalog is read by everyone
            os.replace(temporary, mo)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        written.append(mo)
    return written


class CatalogHook(BuildHookInterface):  # type: ignore[type-arg]
    """Compiles the catalogs before the wheel (or the editable wheel) is built."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        root = Path(self.root)
        for mo in compile_catalogs(root):
            build_data["artifacts"].append("/" + mo.relative_to(root).as_posix())
