"""Bookkeeping beside the records: export state, remote state and published revisions.

``exports.json`` (what each event's last export said), ``remotes.json`` (each shared
calendar's sync state) and ``revisions/NNNN.json`` (the programme as published). They are
written under the folder's lock, atomically, after the records of a change — never journaled:
an undo reverts the records, not what was exported or published. Losing their last write in a
crash only makes the next export raise a SEQUENCE once more, or the next pull look again.
"""

from __future__ import annotations

import datetime as dt
import json
import re

from itinerary.core.revisions import Revision
from itinerary.errors import InvalidData, NotFound, StorageError
from itinerary.formats import exportstate, remotes
from itinerary.formats.exportstate import Exported
from itinerary.formats.remotes import RemoteState
from itinerary.i18n import _
from itinerary.model import Programme
from itinerary.storage.store import Store, memory_store

REVISIONS_FOLDER = "revisions"
"""Published revisions of the programme, one JSON file each (0001.json, 0002.json…)."""
MAX_STATE_BYTES = 256 * 1024 * 1024
"""Largest state file read."""
_REVISION_NAME = re.compile(r"^([0-9]{4,9})\.json$")


_PARSED_EXPORTS: list[tuple[str, dict[str, Exported]]] = []
"""The last export state parsed, with the text it came from."""


class Sides:
    """The bookkeeping files of one store, each checked unchanged since it was read before it
    is written again."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._read: dict[str, bytes | None] = {}

    def _text(self, name: str) -> str:
        data = self.store.backend.read(name, limit=MAX_STATE_BYTES)
        self._read[name] = data
        if not data:
            return ""
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidData(_("not UTF-8 text (delete it to start it again)"), source=self.store.backend.describe(name)) from None

    def _write(self, name: str, text: str) -> None:
        if name in self._read and self.store.backend.read(name, limit=MAX_STATE_BYTES) != self._read[name]:
            raise StorageError(_("{path} changed since it was read; nothing was written, run the command again", path=self.store.backend.describe(name)))
        data = text.encode("utf-8")
        self.store.backend.write(name, data)
        self._read[name] = data

    def exports(self) -> dict[str, Exported]:
        """What was last exported of each event (empty before the first export). The same bytes
        are parsed once per run (a change reads the state, then reads it again under its lock
        to update it)."""
        text = self._text(exportstate.EXPORT_STATE_FILE)
        if not text:
            return {}
        if not _PARSED_EXPORTS or _PARSED_EXPORTS[0][0] != text:
            _PARSED_EXPORTS[:] = [(text, exportstate.state_from_json(text, self.store.backend.describe(exportstate.EXPORT_STATE_FILE)))]
        return dict(_PARSED_EXPORTS[0][1])

    def save_exports(self, state: dict[str, Exported]) -> None:
        """Write ``exports.json``."""
        self._write(exportstate.EXPORT_STATE_FILE, exportstate.state_to_json(state))

    def remotes(self) -> dict[str, RemoteState]:
        """Every shared calendar's sync state."""
        text = self._text(remotes.REMOTES_FILE)
        return remotes.states_from_json(text, self.store.backend.describe(remotes.REMOTES_FILE)) if text else {}

    def save_remotes(self, states: dict[str, RemoteState]) -> None:
        """Write ``remotes.json``."""
        self._write(remotes.REMOTES_FILE, remotes.states_to_json(states))

    # --- revisions

    def _scan(self) -> tuple[dict[int, Revision], list[tuple[str, str]]]:
        """The valid revisions by number — each file read and checked: named ``NNNN.json`` and
        holding that revision — and every other file of ``revisions/`` with what is wrong with it."""
        valid: dict[int, Revision] = {}
        strays: list[tuple[str, str]] = []
        for name in self.store.backend.listing(REVISIONS_FOLDER):
            path = f"{REVISIONS_FOLDER}/{name}"
            named = _REVISION_NAME.match(name)
            if named is None:
                strays.append((path, _("not a revision's name (0001.json, 0002.json…)")))
                continue
            try:
                revision, _records = self._revision_file(name)
            except InvalidData as err:
                strays.append((path, err.reason))
                continue
            if revision.number != int(named.group(1)):
                strays.append((path, _("holds revision {number}, not {named} (a copy?)", number=revision.number, named=int(named.group(1)))))
                continue
            valid[revision.number] = revision
        return valid, strays

    def revisions(self) -> list[Revision]:
        """The published revisions, oldest first (files that are not one are left out: see
        :meth:`stray_revisions`)."""
        valid, _ = self._scan()
        return [valid[n] for n in sorted(valid)]

    def stray_revisions(self) -> list[tuple[str, str]]:
        """Every file of ``revisions/`` that is not a valid revision, with what is wrong with it."""
        return self._scan()[1]

    def _revision_file(self, name: str) -> tuple[Revision, dict[str, str]]:
        path = f"{REVISIONS_FOLDER}/{name}"
        source = self.store.backend.describe(path)
        data = self.store.backend.read(path, limit=MAX_STATE_BYTES) or b""
        try:
            doc = json.loads(data)
            revision = Revision(int(doc["number"]), dt.datetime.fromisoformat(doc["when"]), str(doc["who"]), str(doc["message"]))
            records = {str(k): str(v) for k, v in doc["records"].items()}
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError, OverflowError):
            raise InvalidData(_("not a revision file"), source=source) from None
        return revision, records

    def revision(self, number: int) -> tuple[Revision, Programme]:
        """Revision ``number`` and the programme it recorded."""
        name = f"{number:04d}.json"
        if name not in self.store.backend.listing(REVISIONS_FOLDER):
            known = [r.number for r in self.revisions()]
            if known:
                raise NotFound(_("no revision {number} (published: {known})", number=number, known=", ".join(map(str, known))))
            raise NotFound(_("no revision {number} (none published yet)", number=number))
        revision, records = self._revision_file(name)
        if revision.number != number:
            raise InvalidData(_("holds revision {number}, not {named}", number=revision.number, named=number),
                              source=self.store.backend.describe(f"{REVISIONS_FOLDER}/{name}"))
        frozen = memory_store({k: v.encode("utf-8") for k, v in records.items()})
        return revision, frozen.load()

    def publish_revision(self, message: str, who: str, *, now: dt.datetime) -> Revision:
        """Record the current records as the next numbered revision: one past the highest valid
        revision, and past any file that holds a revision's name without being one (never
        overwriting a file)."""
        valid, _strays = self._scan()
        number = max(valid, default=0) + 1
        backend = self.store.backend
        taken = set(backend.listing(REVISIONS_FOLDER))
        while f"{number:04d}.json" in taken:  # a broken file or a copy holds the name: go past it
            number += 1
        records = {name: (backend.read(name) or b"").decode("utf-8") for name in backend.names()}
        revision = Revision(number, now, who or "unknown", message)
        doc = {"schema": 1, "number": number, "when": now.isoformat(), "who": revision.who, "message": message, "records": records}
        try:
            backend.write(f"{REVISIONS_FOLDER}/{number:04d}.json", json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8"), create=True)
        except FileExistsError:
            raise StorageError(_("revision {number} was published by someone else meanwhile; run the command again", number=number)) from None
        return revision
