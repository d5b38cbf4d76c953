"""TOML readers and writers measured on our records (not part of the test run).

    pip install rtoml toml-rs pytomlpp && python bench/tomlreaders.py        # 10,000 records
    python bench/tomlreaders.py bench/data/events-100000

For each reader installed: the CPU seconds to read every record of the folder (and those of
the shipped visit and of tests/data), and on how many it gives other values than tomllib
(another type, another zone object) or refuses what tomllib reads, or reads what it refuses.
For each writer: the CPU seconds to write the records, and on how many its text is not the
very bytes tomli-w writes (the records must not change on disk). CPU time, not wall time,
so a loaded machine gives the same figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import sys
import time
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import tomli_w  # noqa: E402

from itinerary.formats import codec  # noqa: E402


def _typed(value: object) -> object:
    if isinstance(value, dict):
        return {k: _typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_typed(v) for v in value]
    if isinstance(value, float) and value != value:
        return "nan"
    return (type(value), value, repr(getattr(value, "tzinfo", None)))


def _outcome(read: Callable[[str], Any], text: str) -> object:
    try:
        return _typed(read(text))
    except Exception:  # noqa: BLE001 - any refusal counts as one
        return "refused"


def readers() -> dict[str, Callable[[str], Any]]:
    found: dict[str, Callable[[str], Any]] = {"tomllib": tomllib.loads}
    for name, call in (("toml_rs", lambda m: lambda t: m.loads(t, toml_version="1.0.0")), ("rtoml", lambda m: m.loads),
                       ("pytomlpp", lambda m: m.loads)):
        try:
            found[name] = call(importlib.import_module(name))
        except ImportError:
            print(f"  ({name} is not installed)")
    return found


def writers() -> dict[str, Callable[[dict[str, Any]], str]]:
    found: dict[str, Callable[[dict[str, Any]], str]] = {"tomli_w": lambda d: tomli_w.dumps(d, multiline_strings=True)}
    for name, call in (("toml_rs", lambda m: lambda d: m.dumps(d, pretty=True, toml_version="1.0.0")), ("rtoml", lambda m: m.dumps),
                       ("pytomlpp", lambda m: m.dumps)):
        try:
            found[name] = call(importlib.import_module(name))
        except ImportError:
            pass
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", nargs="?", default=str(HERE / "data" / "events-10000"))
    args = parser.parse_args()
    files = [*sorted(Path(args.folder).glob("*.toml")), *sorted((HERE.parent / "events").glob("*.toml")),
             *sorted((HERE.parent / "tests" / "data").rglob("*.toml"))]
    texts = [p.read_bytes().decode("utf-8", "replace") for p in files]
    print(f"{len(texts)} TOML files ({args.folder}, events/, tests/data/)")
    expected = [_outcome(tomllib.loads, t) for t in texts]
    for name, read in readers().items():
        start = time.process_time()
        for text in texts:
            try:
                read(text)
            except Exception:  # noqa: BLE001, S112 - timed only; compared below
                continue
        seconds = time.process_time() - start
        differ = sum(_outcome(read, t) != e for t, e in zip(texts, expected, strict=True))
        print(f"  read with {name:<9} {seconds:7.3f} s CPU   differs from tomllib on {differ} file(s)")
    docs = []
    original = codec.dumps
    codec.dumps = lambda doc: docs.append(doc) or original(doc)  # type: ignore[assignment,func-returns-value]
    try:
        reference = []
        for path, text in zip(files, texts, strict=True):
            try:
                event = codec.loads_event(text, path.name)
            except Exception:  # noqa: BLE001, S112 - only valid event records are written
                continue
            reference.append(codec.dumps_event(event))
    finally:
        codec.dumps = original
    for name, write in writers().items():
        start = time.process_time()
        out = [write(doc) for doc in docs]
        seconds = time.process_time() - start
        same = sum(a == b for a, b in zip(out, reference, strict=True))
        print(f"  write with {name:<8} {seconds:7.3f} s CPU   {same} of {len(reference)} records byte-identical to tomli-w")
    print(f"  ({dt.datetime.now(dt.UTC):%Y-%m-%d}; Python {sys.version.split()[0]})")


if __name__ == "__main__":
    main()
