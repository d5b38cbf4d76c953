"""The records are read by toml-rs where it is installed, by tomllib otherwise: the same values
for every text, the same texts refused, and tomllib's words for what is wrong."""

from __future__ import annotations

import datetime as dt
import tomllib
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from itinerary.errors import InvalidData
from itinerary.formats import codec
from itinerary.formats import toml as reader

pytest.importorskip("toml_rs")

RECORD = """schema = 1
id = "talks"
title = "Talks [bilateral] \\"quoted\\""
title_ko = "양자 회담"
kind = "meeting"
status = "confirmed"
visibility = "public"
zone = "Asia/Seoul"
start = 2026-05-21 10:00:00
end = 2026-05-21 11:00:00
participants = [
    "houngbo",
    "kim-younghoon",
]
revision = 3
updated = 2026-05-20 09:00:00+00:00
notes = \"\"\"
Two lines,
the second with a tab\there.\"\"\"
alarm_minutes = 15

[source]
date = "moel-release: '5월 21일(목)'"

[[attachments]]
title = "Remarks"
lang = "ko"
text = "장관님 인사 말씀"
"""


def outcome(read: Any, text: str) -> tuple[str, object]:
    """What reading ``text`` gives: its values (each with its type and zone), or 'refused'."""
    try:
        return "read", _typed(read(text))
    except (tomllib.TOMLDecodeError, RecursionError):
        return "refused", None


def _typed(value: object) -> object:
    if isinstance(value, dict):
        return {k: _typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_typed(v) for v in value]
    if isinstance(value, float) and value != value:
        return "nan"
    return (type(value), value, repr(getattr(value, "tzinfo", None)))


@pytest.mark.parametrize("text", [
    RECORD,
    "a = 1979-05-27T23:59:60",  # a leap second: refused by both
    "a = 0000-01-01",
    "a = 1979-02-29",
    "a = 99999999999999999999",  # beyond 64 bits: tomllib reads it
    "a = 1e400",
    "a = 1979-05-27T07:32:00+23:59",
    "a = 1979-05-27 07:32:00.1234567",
    "a = 1979-05-27T07:32:00-00:00",
    'a = "\\uD800"',
    'a = "\\U00110000"',
    "a=1\rb=2",
    'a = "x\x00"',
    "a = { b = 1,\n c = 2 }",  # TOML 1.1 only: refused
    'a = "\\e"',  # TOML 1.1 only: refused
    "a = 07:32",  # TOML 1.1 only: refused
    "\ufeffa = 1",  # a byte order mark, which tomllib refuses
    "a = [" * 150 + "]" * 150,
    "[t]\na = 1\n[t]\nb = 2",
])
def test_the_rust_reader_reads_what_tomllib_reads(text: str) -> None:
    assert outcome(reader._loads, text) == outcome(tomllib.loads, text)


@given(st.data())
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_a_damaged_record_is_read_or_refused_as_tomllib_would(data: st.DataObject) -> None:
    text = RECORD
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(0, len(text)))
        cut = data.draw(st.integers(0, 4))
        insert = data.draw(st.text(alphabet='[]{}"\'=.,:-+#\n\r\t \\0123456789aetTZz가', max_size=4))
        text = text[:at] + insert + text[at + cut:]
    assert outcome(reader._loads, text) == outcome(tomllib.loads, text)


@pytest.mark.parametrize("depth", [300, 10_000, 100_000])
def test_a_record_nested_thousands_deep_is_invalid_data_not_a_crash(depth: int) -> None:
    with pytest.raises(InvalidData) as caught:
        codec.loads_event("schema = 1\na = " + "[" * depth + "]" * depth, "deep.toml")
    assert caught.value.source == "deep.toml"
    if depth >= 10_000:
        assert "nested too deeply" in str(caught.value)


def test_an_error_is_told_in_tomllib_words() -> None:
    with pytest.raises(InvalidData) as caught:
        codec.loads_event(RECORD.replace("revision = 3", "revision = "), "talks.toml")
    with pytest.raises(tomllib.TOMLDecodeError) as expected:
        tomllib.loads(RECORD.replace("revision = 3", "revision = "))
    assert str(caught.value) == f"talks.toml: not valid TOML: {expected.value}"


def test_a_record_reads_back_the_same_by_either_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    fast = codec.loads_event(RECORD, "talks.toml")
    monkeypatch.setattr(reader, "_rust_loads", None)
    assert codec.loads_event(RECORD, "talks.toml") == fast
    assert fast.updated == dt.datetime(2026, 5, 20, 9, tzinfo=dt.UTC)


def test_a_file_of_hundreds_of_tables_is_read_by_the_rust_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "schema = 1\n" + "".join(f'[[people]]\nid = "p{i:03}"\nname = "사람 {i}"\n\n' for i in range(300))
    used: list[str] = []
    rust = reader._rust_loads
    assert rust is not None

    def counting(source: str, **options: object) -> dict[str, object]:
        used.append(source)
        return rust(source, **options)

    monkeypatch.setattr(reader, "_rust_loads", counting)
    assert reader._loads(text) == tomllib.loads(text)
    assert used == [text]  # 600 brackets, all in table headers: it nests two deep


@pytest.mark.parametrize("header", ["[[t]]", "[t]", " [ t.u ] ", "[[1]]"])
def test_table_headers_never_hide_a_nesting_thousands_deep(header: str) -> None:
    deep = "[" * 10_000 + "]" * 10_000
    for text in (f"{header}\n" * 1000 + f"a = {deep}", f"a = [\n{header},\n" * 1000 + deep + "\n]" * 1000):
        with pytest.raises(InvalidData):  # read by tomllib, never by the Rust reader (which would crash)
            codec.loads_event("schema = 1\n" + text, "deep.toml")
