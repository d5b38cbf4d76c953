"""Reading and writing TOML documents with errors that name the file, the line and the field.

The record format's plumbing, shared by :mod:`itinerary.formats.codec`: the size limit, the
schema number, typed access to each table's fields, unknown fields refused, and canonical
output (reading a file and writing it again gives the same bytes). Pure, no I/O.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any, TypeVar

from itinerary.core import wording
from itinerary.errors import InvalidData
from itinerary.i18n import N_, _, language, translator
from itinerary.model import SCHEMA_VERSION, in_range, localize, midnight, zone
from itinerary.model.times import wall_text

_rust_loads: Callable[..., dict[str, Any]] | None
try:  # the Rust reader of TOML, where its wheel is installed (see _loads)
    from toml_rs import loads as _rust_loads
except ImportError:  # pragma: no cover - a platform without its wheel reads with tomllib
    _rust_loads = None

T = TypeVar("T")
MISSING: Any = object()

MAX_RECORD_BYTES = 5 * 1024 * 1024
"""Largest record file accepted."""
RUST_BRACKETS = 200
"""A text that may nest deeper than this is read by tomllib alone: nested thousands deep, the
Rust reader would exhaust the stack (tomllib says "nested too deeply"), and no record nests
more than a few levels. See :func:`_depth_bound`."""
_HEADERS = re.compile(r"^[ \t]*(?:\[\[[\w.\- \t]+\]\]|\[[\w.\- \t]+\])[ \t]*\r?$", re.MULTILINE | re.ASCII)
"""A line that is a table header of bare keys and nothing else, such as ``[[people]]``."""


def _depth_bound(text: str) -> int:
    """More than the deepest nesting of ``text`` can be: its opening brackets, not counting the
    lines that are a table header alone (a file of 200 people has 400 of those). Sound: such a
    line closes every bracket it opens (there is no quote in it to hide one), so wherever it
    stands it nests at most two deeper for the length of the line."""
    rest = _HEADERS.sub("", text)
    return rest.count("[") + rest.count("{") + 2


def _loads(text: str) -> dict[str, Any]:
    """The TOML document ``text`` (TOML 1.0), as :func:`tomllib.loads` gives it.

    Read by toml-rs, ten times as fast as tomllib, where its wheel is installed; whatever it
    refuses (or a text it is not given: a byte order mark, brackets nested by the hundred) is read
    by tomllib, whose error is the one reported. Both give the same values for every text the
    other accepts, and refuse the same texts (the toml-test suite, and tests/test_codec.py)."""
    if _rust_loads is not None and not text.startswith("\ufeff") and _depth_bound(text) <= RUST_BRACKETS:
        try:
            return _rust_loads(text, toml_version="1.0.0")
        except Exception:  # tomllib reads it again, and says what is wrong
            pass
    import tomllib  # imported only for a text toml-rs refuses (its import costs a record's read many times over)

    return tomllib.loads(text)


def parse_toml(text: str | bytes, source: str) -> dict[str, Any]:
    """The TOML document in ``text``; syntax errors name the source, line and column."""
    if isinstance(text, bytes):
        if len(text) > MAX_RECORD_BYTES:
            raise InvalidData(_("file of {size} bytes is over the limit of {limit}", size=len(text), limit=MAX_RECORD_BYTES), source=source)
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as err:
            raise InvalidData(_("not UTF-8 text (byte {n})", n=err.start), source=source) from None
    if len(text) > MAX_RECORD_BYTES:
        raise InvalidData(_("file over the limit of {limit} bytes", limit=MAX_RECORD_BYTES), source=source)
    try:
        data = _loads(text)
    except ValueError as err:
        import tomllib  # already imported: only tomllib raises here

        if not isinstance(err, tomllib.TOMLDecodeError):
            raise
        raise InvalidData(_("not valid TOML: {error}", error=err), source=source) from None
    except RecursionError:
        raise InvalidData(_("not valid TOML: nested too deeply"), source=source) from None
    schema = data.get("schema", MISSING)
    if schema is MISSING:
        raise InvalidData(_("missing (write schema = {version})", version=SCHEMA_VERSION), source=source, field="schema")
    if type(schema) is not int or schema < 1:
        raise InvalidData(_("expected a whole number, got {value!r}", value=schema), source=source, field="schema")
    if schema > SCHEMA_VERSION:
        raise InvalidData(
            _("record format {schema} is newer than this itinerary reads ({version}); upgrade itinerary", schema=schema, version=SCHEMA_VERSION),
            source=source,
            field="schema",
        )
    return data


class Fields:
    """Reads the fields of one TOML table, naming source and field in every error."""

    def __init__(self, data: Any, source: str, prefix: str = "") -> None:
        if not isinstance(data, dict):
            raise InvalidData(_("expected a table"), source=source, field=prefix.rstrip(".") or None)
        self.data = data
        self.source = source
        self.prefix = prefix
        self.seen: set[str] = set()

    def fail(self, key: str, message: str) -> InvalidData:
        return InvalidData(message, source=self.source, field=self.prefix + key)

    def take(self, key: str, kind: type[T] | tuple[type, ...], default: Any = MISSING) -> Any:
        self.seen.add(key)
        value = self.data.get(key, MISSING)
        if value is MISSING:
            if default is MISSING:
                raise self.fail(key, _("missing"))
            return default
        if type(value) is kind:  # the common case: exactly the type asked for (never a bool for an int)
            return value
        kinds = kind if isinstance(kind, tuple) else (kind,)
        # bool is an int in Python; in a record they are different things.
        wrong_bool = type(value) is bool and bool not in kinds
        wrong_date = isinstance(value, dt.datetime) and dt.date in kinds and dt.datetime not in kinds
        if wrong_bool or wrong_date or not isinstance(value, kinds):
            raise self.fail(key, _("expected {expected}, got {kind} {value!r:.60}", expected=_describe(kinds), kind=_describe((type(value),)),
                                   value=value))
        return value

    def text(self, key: str, default: str | None = "") -> Any:
        return self.take(key, str, default if default is not None else MISSING)

    def texts(self, key: str) -> tuple[str, ...]:
        values = self.take(key, list, [])
        for i, value in enumerate(values):
            if not isinstance(value, str):
                raise self.fail(f"{key}[{i}]", _("expected text, got {value!r:.60}", value=value))
        return tuple(values)

    def tables(self, key: str) -> list[Fields]:
        values = self.take(key, list, [])
        return [Fields(value, self.source, f"{self.prefix}{key}[{i}].") for i, value in enumerate(values)]

    def wall_time(self, key: str, zone_name: str, default: Any = MISSING) -> Any:
        value = self.take(key, dt.datetime, default)
        if value is default:
            return value
        try:
            if value.tzinfo is None:
                return localize(value, zone_name, field_name=self.prefix + key)
            return _second_occurrence(value, zone_name, self.prefix + key)
        except InvalidData as err:
            raise err.located(self.source) from None

    def days(self, first_key: str, last_key: str, zone_name: str) -> tuple[dt.datetime, dt.datetime]:
        """Whole days as (midnight of the first, midnight after the last), local in ``zone_name``."""
        first = self.take(first_key, dt.date)
        last = self.take(last_key, dt.date, first)
        try:
            tz = zone(zone_name, field_name="zone")
            after = last + dt.timedelta(days=1)
            in_range(dt.datetime.combine(first, dt.time()), self.prefix + first_key)
            in_range(dt.datetime.combine(after, dt.time()), self.prefix + last_key)
            start, end = midnight(first, tz), midnight(after, tz)  # 01:00 on a day whose midnight clocks skip
        except InvalidData as err:
            raise err.located(self.source) from None
        except OverflowError:
            raise self.fail(last_key, _("outside the years this tool plans for")) from None
        return start, end

    def done(self, *ignored: str) -> None:
        unknown = sorted(set(self.data) - self.seen - set(ignored))
        if unknown:
            raise self.fail(unknown[0], _("unknown field (check the spelling; see the README for the format)"))

    def build(self, factory: Callable[..., T], **kwargs: Any) -> T:
        """``factory(**kwargs)``, with a model error re-raised naming this source and table."""
        try:
            return factory(**kwargs)
        except InvalidData as err:
            field = self.prefix + err.field if err.field else self.prefix.rstrip(".") or None
            raise InvalidData(err.reason, source=self.source, field=field) from None


def _second_occurrence(value: dt.datetime, zone_name: str, field_name: str) -> dt.datetime:
    """A wall time written with an offset: allowed only to name the second occurrence of a time
    that occurs twice (the hour repeated when clocks go back)."""
    wall = value.replace(tzinfo=None)
    first = localize(wall, zone_name, field_name=field_name)
    second = first.replace(fold=1)
    if first.utcoffset() != second.utcoffset() and value.utcoffset() == second.utcoffset():
        return second
    if value.utcoffset() == first.utcoffset():
        raise InvalidData(_("write the local wall time without an offset; the zone goes in 'zone'"), field=field_name)
    raise InvalidData(_("offset {offset} is not that of {zone} at {time}", offset=f"{value:%z}", zone=zone_name, time=wall_text(wall)), field=field_name)


def wall(moment: dt.datetime) -> dt.datetime:
    """How a record writes ``moment``: its wall time, with the offset only for the second
    occurrence of a wall time that occurs twice."""
    if moment.fold and moment.replace(fold=0).utcoffset() != moment.utcoffset():
        return moment.astimezone(dt.timezone(moment.utcoffset() or dt.timedelta(0)))
    return moment.replace(tzinfo=None)


_KINDS = {
    str: N_("text"),
    int: N_("a whole number"),
    float: N_("a number"),
    bool: N_("true or false"),
    list: N_("a list"),
    dict: N_("a table"),
    dt.datetime: N_("a date and time"),
    dt.date: N_("a date"),
    dt.time: N_("a time"),
}
"""What each kind of TOML value is called in a message."""


def _describe(kinds: tuple[type, ...]) -> str:
    """The kinds of value a field takes, in words: 'a whole number or a number'."""
    return wording.either([_(_KINDS[k]) if k in _KINDS else k.__name__ for k in kinds], translator(language()))


def dumps(doc: dict[str, Any]) -> str:
    import tomli_w  # only writing needs it

    return tomli_w.dumps(doc, multiline_strings=True)


def prune(table: dict[str, Any]) -> dict[str, Any]:
    """The table without empty optional values, so records stay short and canonical."""
    return {k: v for k, v in table.items() if v not in ("", (), [], None, {})}



def unique(ids: list[Any], source: str, field: str) -> None:
    seen = set()
    for i, value in enumerate(ids):
        if value in seen:
            raise InvalidData(_("{value!r} is listed twice", value=value), source=source, field=f"{field}[{i}]")
        seen.add(value)
