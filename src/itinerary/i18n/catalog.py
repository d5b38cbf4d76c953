"""Translators: the messages of one language, from its GNU gettext catalog, read at the first
message that needs it. English is the messages themselves and reads nothing.

A message is a whole sentence with named placeholders; its values are filled in after it is
translated (:meth:`Translator.gettext`), and a Korean translation writes the particle after a
placeholder undecided, as Korean does when it cannot choose (``{person}이(가)``): :func:`fill`
chooses it for the value (see :mod:`.particles`). A translation that cannot be filled in (a
placeholder the English does not have) gives the English rather than an error: the tests hold the
catalog to its messages, and a slip in it must never cost the officer the message.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import gettext

LANGUAGES = ("en", "ko")
"""The languages of the interface: English (the messages themselves) and Korean."""
DOMAIN = "itinerary"
"""The catalogs' name: ``locale/<lang>/LC_MESSAGES/itinerary.po`` (and the ``.mo`` the build
compiles beside it)."""
LOCALE = Path(__file__).resolve().parent / "locale"
"""The folder of the catalogs."""


def N_(message: str) -> str:  # noqa: N802 - the name gettext's tools look for
    """Marks ``message`` for the catalog without translating it (a text tabled at import time,
    translated where it is shown)."""
    return message


def fill(template: str, values: dict[str, Any]) -> str:
    """``template.format(**values)``, and after each value the particle Korean writes undecided
    ('{person}이(가)') chosen for that value ("김영훈 장관이", "응보가"): see :mod:`.particles`."""
    import string

    from itinerary.i18n.particles import resolve

    formatter = string.Formatter()
    out: list[str] = []
    previous: str | None = None
    for literal, field, spec, conversion in formatter.parse(template):
        out.append(resolve(previous, literal) if previous is not None and literal else literal)
        previous = None
        if field is not None:
            value = formatter.convert_field(formatter.get_field(field, (), values)[0], conversion)
            previous = format(value, spec or "")
            out.append(previous)
    return "".join(out)


class Translator:
    """The messages of one language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        """'en' or 'ko'."""
        self._catalog: gettext.NullTranslations | None = None

    def _messages(self) -> gettext.NullTranslations:
        if self._catalog is None:
            self._catalog = load(self.lang)
        return self._catalog

    def _fill(self, translated: str, english: str, values: dict[str, Any]) -> str:
        if not values:
            return translated
        if translated is english:
            return english.format(**values)
        try:
            return fill(translated, values)
        except (KeyError, IndexError, ValueError, AttributeError):
            return english.format(**values)

    def gettext(self, message: str, /, **values: Any) -> str:
        """``message`` in this language, its placeholders filled with ``values``."""
        if self.lang == "en":
            return message.format(**values) if values else message
        return self._fill(self._messages().gettext(message), message, values)

    def ngettext(self, singular: str, plural: str, n: int, /, **values: Any) -> str:
        """The form of the message for ``n`` (English: ``singular`` for 1, else ``plural``)."""
        english = singular if n == 1 else plural
        if self.lang == "en":
            return english.format(**values) if values else english
        translated = self._messages().ngettext(singular, plural, n)
        return self._fill(english if translated in (singular, plural) else translated, english, values)

    def pgettext(self, context: str, message: str, /, **values: Any) -> str:
        """``message`` as this language says it in ``context`` (one English word Korean says
        two ways)."""
        if self.lang == "en":
            return message.format(**values) if values else message
        return self._fill(self._messages().pgettext(context, message), message, values)


def load(lang: str) -> gettext.NullTranslations:
    """The catalog of ``lang``: its compiled ``.mo``; without one (a source tree never built),
    compiled from its ``.po`` in memory; without either, none (the messages stay English)."""
    import gettext
    import struct

    damaged = (OSError, ValueError, LookupError, struct.error)  # what reading a bad catalog raises
    folder = LOCALE / lang / "LC_MESSAGES"
    try:
        with (folder / f"{DOMAIN}.mo").open("rb") as compiled:
            return gettext.GNUTranslations(compiled)
    except damaged:  # not built, or damaged: the source is beside it
        pass
    try:
        return gettext.GNUTranslations(compile_po(folder / f"{DOMAIN}.po"))
    except damaged:
        return gettext.NullTranslations()


def compile_po(path: Path) -> Any:
    """The ``.po`` file at ``path`` compiled by Babel, as a binary stream of ``.mo`` bytes."""
    import io

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with path.open("rb") as source:
        catalog = read_po(source)
    out = io.BytesIO()
    write_mo(out, catalog)
    out.seek(0)
    return out


_TRANSLATORS: dict[str, Translator] = {}
_active = Translator("en")


def translator(lang: str) -> Translator:
    """The translator of ``lang`` ('en' or 'ko'; anything else is English), made once."""
    key = lang if lang in LANGUAGES else "en"
    found = _TRANSLATORS.get(key)
    if found is None:
        found = _TRANSLATORS[key] = _active if _active.lang == key else Translator(key)
    return found


def use(lang: str) -> None:
    """Speak ``lang`` from now on ('en' or 'ko'): the interface's language, chosen once."""
    global _active  # noqa: PLW0603 - the one language of the interface
    _active = translator(lang)


def language() -> str:
    """The interface's language: 'en' or 'ko'."""
    return _active.lang


def _(message: str, /, **values: Any) -> str:
    """``message`` in the interface's language, its placeholders filled with ``values``."""
    return _active.gettext(message, **values)


def ngettext(singular: str, plural: str, n: int, /, **values: Any) -> str:
    """The form of the message for ``n``, in the interface's language."""
    return _active.ngettext(singular, plural, n, **values)


def pgettext(context: str, message: str, /, **values: Any) -> str:
    """``message`` in ``context``, in the interface's language."""
    return _active.pgettext(context, message, **values)
