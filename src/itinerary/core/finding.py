"""A finding of the conflict engine: one problem of a programme, its message written when first
read. Pure."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any


def written(holder: Any) -> str:
    """A finding's message: ``text``, or what its function writes (once, then kept)."""
    text = holder.text
    if callable(text):
        text = text()
        object.__setattr__(holder, "text", text)
    return str(text)


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
    text: str | Callable[[], str] = field(compare=False, repr=False)
    """The message, or a function that writes it (see :attr:`message`)."""
    minutes: int | None = None
    """The overlap or the shortfall in minutes, where there is one."""

    @property
    def message(self) -> str:
        """What is wrong, with the numbers a person needs."""
        return written(self)

    def keys(self) -> set[tuple[str, str, tuple[str, ...], str]]:
        """Identities that survive a change of numbers: (kind, severity, events, person)."""
        events = tuple(sorted(self.events))
        return {(self.kind, self.severity, events, p) for p in self.people or ("",)}


def ranked(findings: Iterable[Finding]) -> list[Finding]:
    """Findings errors first, each severity in the order given (a visit's own, then those
    between visits)."""
    found = list(findings)
    return [f for f in found if f.severity == "error"] + [f for f in found if f.severity != "error"]
