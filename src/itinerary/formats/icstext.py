"""The text of a calendar file: its encoding, its line structure, its first UID. Pure, no I/O.

iCalendar is UTF-8 (RFC 5545 §3.1.4). What real programs write: UTF-8 with or without a byte
order mark, UTF-16 with one (Windows Calendar), and older Outlook exports in Windows-1252. A file
is decoded only when that is unambiguous — UTF-8, UTF-16 with its BOM, or bytes that are not
UTF-8 but are all defined in Windows-1252 (a notice names the encoding); anything else is refused
naming what was found.
"""

from __future__ import annotations

import codecs

from itinerary.i18n import _


class CalendarError(ValueError):
    """A calendar file that cannot be read; ``line`` is the content line at fault, if known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line

    def located(self) -> str:
        """The message, with the line at fault in front when it is known."""
        return _("line {line}: {message}", line=self.line, message=self) if self.line else str(self)


def line_quoted(text: str, message: str) -> int | None:
    """The line of the value an error message quotes at its end ('…: PT-2H'), if it is in the text."""
    token = message.rsplit(":", 1)[-1].strip().strip("'\"")
    if len(token) < 3:
        return None
    index = text.find(token)
    return None if index < 0 else text.count("\n", 0, index) + 1


_UNDEFINED_1252 = {0x81, 0x8D, 0x8F, 0x90, 0x9D}
"""Bytes Windows-1252 leaves undefined: a file holding one is not Windows-1252 text."""


def decode(data: bytes) -> tuple[str, str]:
    """The text of a calendar file, and a notice when it was not plain UTF-8 ('' when it was)."""
    for bom, name in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(name), _("read as UTF-16 ({order}, with a byte order mark)", order=name[-2:].upper())
            except UnicodeDecodeError as err:
                raise CalendarError(_("starts with a UTF-16 byte order mark but is not UTF-16 text (byte {n})", n=err.start)) from None
    try:
        return data.decode("utf-8-sig"), ""
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        bad = data[err.start]
        if b"\x00" in data[:200]:
            raise CalendarError(_("not UTF-8 text: it holds zero bytes, like UTF-16 without its byte order mark; save it as UTF-8"), line) from None
        if any(byte in _UNDEFINED_1252 for byte in data if byte >= 0x80):
            raise CalendarError(_("not UTF-8 text (byte 0x{byte:02X}), nor Windows-1252; save it as UTF-8", byte=bad), line) from None
        return data.decode("cp1252"), _("read as Windows-1252: the file is not UTF-8 (first at line {line}, byte 0x{byte:02X})", line=line, byte=bad)


def structure(text: str) -> None:
    """Line-level checks icalendar does not report with a line number: every content line has a
    name and a colon, every BEGIN its END, and the file is not empty."""
    logical: list[tuple[int, str]] = []  # unfolded content lines with the number of their first line
    for number, raw in enumerate(text.split("\n"), 1):
        raw = raw.rstrip("\r")
        if raw[:1] in (" ", "\t") and logical:
            logical[-1] = (logical[-1][0], logical[-1][1] + raw[1:])
        elif raw.strip():
            logical.append((number, raw))
    stack: list[tuple[str, int]] = []
    for number, raw in logical:
        if ":" not in raw:
            raise CalendarError(_("not a content line (no ':'): {text!r}", text=raw[:60]), number)
        name, _colon, value = raw.partition(":")
        name = name.split(";", 1)[0].upper()
        if name == "BEGIN":
            stack.append((value.strip().upper(), number))
        elif name == "END":
            if not stack or stack[-1][0] != value.strip().upper():
                if stack:
                    raise CalendarError(_("END:{name} does not close BEGIN (expected {expected})", name=value.strip(), expected=f"END:{stack[-1][0]}"),
                                        number)
                raise CalendarError(_("END:{name} does not close BEGIN (expected nothing)", name=value.strip()), number)
            stack.pop()
    if not logical:
        raise CalendarError(_("the file is empty"), 1)
    if stack:
        what, number = stack[-1]
        raise CalendarError(_("BEGIN:{name} is never closed (the file is truncated?)", name=what), number)


def uid_of(data: bytes) -> str | None:
    """The UID of the first event of a calendar body, read without parsing anything else."""
    try:
        text, _notice = decode(data)
    except CalendarError:
        return None
    unfolded = text.replace("\r\n ", "").replace("\r\n\t", "").replace("\n ", "").replace("\n\t", "")
    inside = False
    for line in unfolded.split("\n"):
        name = line.split(":", 1)[0].split(";", 1)[0].strip().upper()
        if name == "BEGIN" and line.partition(":")[2].strip().upper() == "VEVENT":
            inside = True
        elif inside and name == "UID":
            return line.partition(":")[2].strip() or None
    return None
