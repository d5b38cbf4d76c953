"""A finding of the conflict engine: one problem of a programme, its message written when first
read, in the language it is read in. Pure.

A finding holds a function that writes its message for a :class:`~itinerary.i18n.Translator`,
not the message: a check of 100,000 events makes findings by the hundred thousand and shows a
few, and the same finding is read in the interface's language on screen (:attr:`Finding.message`)
and in English in ``--json`` (:attr:`Finding.english`), whatever the interface speaks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from itinerary.i18n import Translator, language, translator

Writer = Callable[[Translator], str]
"""What writes a message in the language of the translator it is given."""


def saying(tr: Translator) -> Callable[..., str]:
    """How a message writer fills its messages for ``tr``: ``tr.gettext``, except in English,
    where a message is its own text and is filled with ``str.format`` — what the translator
    does in English, without a call in between (a check of 100,000 events writes a message for
    each of its hundred thousand findings in ``--json``)."""
    return str.format if tr.lang == "en" else tr.gettext


def written(holder: Any, lang: str | None = None) -> str:
    """The message of ``holder`` (a finding, or anything with ``text`` and ``said`` like it) in
    ``lang`` ('en', 'ko'; the interface's language when None). The last one written is kept:
    the screen reads the same message again and again."""
    lang = lang or language()
    said: tuple[str, str] | None = holder.said
    if said is not None and said[0] == lang:
        return said[1]
    text: str = holder.text(translator(lang))
    object.__setattr__(holder, "said", (lang, text))
    return text


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem of the programme. Its message is written when first read."""

    kind: str
    """One of :data:`KINDS`."""
    severity: str
    """'error' or 'warning'."""
    events: tuple[str, ...]
    """Ids of the events involved, in programme order."""
    people: tuple[str, ...]
    """Ids of the people involved (empty for findings about an event as such)."""
    text: Writer = field(compare=False, repr=False)
    """The function that writes the message (see :attr:`message`)."""
    minutes: int | None = None
    """The overlap or the shortfall in minutes, where there is one."""
    said: tuple[str, str] | None = field(default=None, init=False, compare=False, repr=False)
    """The last message written, with its language (kept by :func:`written`)."""

    @property
    def message(self) -> str:
        """What is wrong, with the numbers a person needs, in the interface's language."""
        return written(self)

    @property
    def english(self) -> str:
        """The message in English, as ``--json`` gives it whatever the interface speaks."""
        return written(self, "en")

    def keys(self) -> set[tuple[str, str, tuple[str, ...], str]]:
        """Identities that survive a change of numbers: (kind, severity, events, person)."""
        events = tuple(sorted(self.events))
        return {(self.kind, self.severity, events, p) for p in self.people or ("",)}


def ranked(findings: Iterable[Finding]) -> list[Finding]:
    """Findings errors first, each severity in the order given (a visit's own, then those
    between visits)."""
    found = list(findings)
    return [f for f in found if f.severity == "error"] + [f for f in found if f.severity != "error"]
