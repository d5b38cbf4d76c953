"""Notes that have gone stale: a sentence that still says a time or a venue is not known after
it was confirmed. Pure.

Records say honestly what the source does not state ("Time and venue: not stated in the
source."). Once an officer confirms the time, such a sentence is wrong under a confirmed time:
``check`` flags it, and the book and the calendars leave it out until someone edits the notes.
"""

from __future__ import annotations

import re

from itinerary.model import Event

_OPEN = re.compile(
    r"not stated|not known|unknown|to be confirmed|not (yet )?confirmed|not (yet )?fixed|\btbc\b|undecided|미정|미확정"
    r"|(?:명시|확정|확인|결정)되지 않|밝히지 않|알려지지 않",
    re.IGNORECASE,
)
_TIME = re.compile(r"\b(time|times|hour|day|date|when|planning window|schedule)\b|시간|일시|날짜|시각|예정 시간대", re.IGNORECASE)
_VENUE = re.compile(r"\b(venue|place|location|where)\b|장소", re.IGNORECASE)
_SENTENCE = re.compile(r"(?<=[.!?。])\s+|\n+")


def sentences(text: str) -> list[str]:
    """The sentences of a note (a line break ends one too)."""
    return [part for part in _SENTENCE.split(text) if part.strip()]


def stale(event: Event, *, korean: bool = False) -> list[str]:
    """The sentences of the event's notes (``korean``: of its Korean notes) that say its time
    (or venue) is open when it is not."""
    text = event.notes_ko if korean else event.notes
    if not _OPEN.search(text) and "planning window" not in text.lower() and "예정 시간대" not in text:
        return []  # no sentence can say so (most notes): not split into sentences
    found = []
    for sentence in sentences(text):
        window = sentence.lower().startswith("planning window") or sentence.startswith("예정 시간대")
        open_time = window or (_OPEN.search(sentence) and _TIME.search(sentence))
        open_venue = _OPEN.search(sentence) and _VENUE.search(sentence) and not _TIME.search(sentence)
        if (open_time and not event.time_tbc) or (open_venue and event.venue is not None):
            found.append(sentence.strip())
    return found


def mentions_time(sentence: str) -> bool:
    """True when a sentence speaks of a time (rather than only of a venue)."""
    return bool(_TIME.search(sentence)) or sentence.lower().startswith("planning window")


def current(event: Event, *, korean: bool = False) -> str:
    """The event's notes (``korean``: its Korean notes) without the sentences that have gone stale."""
    text = event.notes_ko if korean else event.notes
    gone = set(stale(event, korean=korean))
    if not gone:
        return text
    kept = [part.strip() for part in sentences(text) if part.strip() not in gone]
    return " ".join(kept)
