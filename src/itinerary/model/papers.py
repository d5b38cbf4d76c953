"""The papers of a visit: the documents its records' facts come from, and the handling line
printed on each audience's programme book. Frozen; invariants checked when made. Pure.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from itinerary.errors import InvalidData
from itinerary.i18n import N_, _, translator
from itinerary.model.checks import MAX_TITLE, check_id, check_text
from itinerary.model.times import in_range


@dataclass(frozen=True, slots=True)
class Document:
    """A document the records' facts come from, such as a press release.

    An event's ``[source]`` cites it by id at the start of a text: ``"moel-release: '…quote…'"``.
    Outputs print its title and date instead of the id (:meth:`Visit.cite`).
    """

    id: str
    """Slug the event sources cite."""
    title: str
    """Title in English, e.g. 'MoEL press release'."""
    title_ko: str = ""
    """Title in Korean, e.g. '고용노동부 보도자료'."""
    date: dt.date | None = None
    """The document's date, when it has one."""

    def __post_init__(self) -> None:
        check_id(self.id, field_name="id")
        check_text(self.title, field_name="title", limit=MAX_TITLE)
        check_text(self.title_ko, field_name="title_ko", limit=MAX_TITLE)
        if not self.title:
            raise InvalidData(_("a document needs a title"), field="title")
        if self.date is not None:
            in_range(self.date, "date")

    def label(self, lang: str = "en") -> str:
        """'MoEL press release, 2026-05-21' (``lang`` 'ko': the Korean title when there is one)."""
        title = self.title_ko if lang == "ko" and self.title_ko else self.title
        return f"{title}, {self.date.isoformat()}" if self.date else title


HANDLING_DEFAULTS = {
    "full": N_("For official use — full programme"),
    "public": N_("Public programme — may be shared"),
    "person": N_("Personal programme of {name}"),
}
"""The handling line of each audience when the visit sets none, in English (the catalog has it
in Korean)."""


@dataclass(frozen=True, slots=True)
class Handling:
    """How each audience's printed programme may be handled, printed on its cover (``[handling]``
    of visit.toml). An empty text means the default of :data:`HANDLING_DEFAULTS`; ``{name}`` in
    a person's line is replaced by the person's name."""

    full: str = ""
    """The office's full programme, in English."""
    full_ko: str = ""
    """The same in Korean."""
    public: str = ""
    """The public programme, in English."""
    public_ko: str = ""
    """The same in Korean."""
    person: str = ""
    """One person's programme, in English."""
    person_ko: str = ""
    """The same in Korean."""

    def __post_init__(self) -> None:
        for name in ("full", "full_ko", "public", "public_ko", "person", "person_ko"):
            check_text(getattr(self, name), field_name=name, limit=MAX_TITLE)

    def line(self, audience: str, lang: str, name: str = "") -> str:
        """The line for ``audience`` ('full', 'public' or 'person') in ``lang`` ('en' or 'ko')."""
        key = audience if lang == "en" else f"{audience}_ko"
        text = getattr(self, key) or translator(lang).gettext(HANDLING_DEFAULTS[audience])
        return text.replace("{name}", name)
