"""The bytes of the files in a data folder, behind one small interface.

:class:`FolderBackend` is a real folder; :class:`MemoryBackend` is the fake the tests of
everything above storage use, and one contract suite runs against both. Names are paths
relative to the folder (``minister-meeting.toml``, ``calendars/kim-younghoon.ics``), never
absolute and never leaving it. Guarantees of the folder:

* **Atomic.** A file is written to a temporary file beside it, then renamed into place; a file
  that must be new is linked into place, so an existing one is never clobbered (where the
  system allows it, it is written without any name until whole, then linked: one change of
  the folder rather than three).
* **A closed world.** Symbolic links inside the folder are refused, the lock file included:
  nothing is ever read or written outside the folder through one.
* **Bounded.** A file is checked for size (and for being a regular file) before it is read.
* **One error.** Every failure of the operating system becomes a :class:`StorageError` that
  names the file (exit code 6); nothing else escapes.
"""

from __future__ import annotations

import contextlib
import errno
import itertools
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

from itinerary.errors import InvalidData, NotFound, StorageError
from itinerary.i18n import _
from itinerary.storage.files import (
    TEMP_SUFFIX,
    check_name,
    mode_for,
    os_errors,
    read_regular,
    temp_leftovers,
    write_all,
    write_file,
)

__all__ = ["TEMP_SUFFIX", "Backend", "FolderBackend", "LockTimeout", "MemoryBackend", "check_name", "read_regular", "temp_leftovers", "write_file"]

_TEMPS = itertools.count()
"""Numbers the temporary files of this process (with its pid, a name no other writer uses)."""
LOCK_FILE = ".lock"
LOCK_TIMEOUT = 30.0
"""Seconds a command waits for another officer's change to finish."""
_O_TMPFILE = getattr(os, "O_TMPFILE", 0)
_UNNAMED = bool(_O_TMPFILE) and os.path.isdir("/proc/self/fd")
"""Whether this system creates files without a name, to be linked to one when whole."""
MAX_FILE_BYTES = 64 * 1024 * 1024
"""Largest file of the data folder read at all (the journal and busy calendars included)."""


class LockTimeout(StorageError):
    """A folder stayed locked by another change for longer than a command waits."""

    def __init__(self, root: Path, waited: float) -> None:
        super().__init__(_("{root} is locked by another change for over {seconds:.0f} s; try again", root=root, seconds=waited))
        self.root = root


class Backend(Protocol):
    """Bytes of named files in one folder."""

    def describe(self, name: str) -> str:
        """How messages name the file ``name``."""

    def names(self) -> list[str]:
        """Names of the record files (``*.toml``) at the top of the folder, sorted."""

    def exists(self) -> bool:
        """True when the folder exists."""

    def read(self, name: str, *, limit: int = MAX_FILE_BYTES) -> bytes | None:
        """The file's bytes, or None when it does not exist; InvalidData when over ``limit``."""

    def read_tail(self, name: str, size: int) -> bytes:
        """The last ``size`` bytes of a file (b'' when it does not exist)."""

    def write(self, name: str, data: bytes, *, create: bool = False, durable: bool = True) -> None:
        """Write a file atomically; with ``create``, FileExistsError when it exists."""

    def delete(self, name: str, *, durable: bool = True) -> None:
        """Delete a file (nothing when it is already gone)."""

    def append(self, name: str, data: bytes, *, durable: bool = True) -> None:
        """Append every byte of ``data`` to a file (created when missing) and make it durable
        (unless not ``durable``)."""

    def truncate(self, name: str, size: int) -> None:
        """Cut a file to ``size`` bytes and make it durable."""

    def sync(self) -> None:
        """Make every write since the last sync durable (after writes with ``durable=False``)."""

    def leftovers(self) -> list[str]:
        """Temporary files a write left behind (only possible after a crash)."""

    def listing(self, folder: str) -> list[str]:
        """Names of the files in a sub-folder (e.g. 'revisions'), sorted; [] when it is missing."""

    def lock(self, *, timeout: float = LOCK_TIMEOUT) -> contextlib.AbstractContextManager[None]:
        """Exclusive lock on the folder."""

    def writable(self) -> bool:
        """False when the folder cannot be written at all (read-only media, no permission)."""


class FolderBackend:
    """The files of a folder on disk."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._prefix = os.path.join(root, "")  # a file of the folder itself named by one concatenation, not a Path
        self._unnamed = _UNNAMED  # new files made unnamed, then linked (O_TMPFILE), while the folder allows it

    def describe(self, name: str) -> str:
        return self._prefix + name if "/" not in name and name not in ("", ".") else str(self.root / name)  # the same text

    def _missing(self) -> NotFound:
        return NotFound(_("data folder {folder} not found: run inside a visit's folder, name one with --data DIR, or start one with `itinerary init`",
                          folder=self.root))

    def exists(self) -> bool:
        return self.root.is_dir()

    def _path(self, name: str) -> Path:
        """The path of ``name``, its sub-folders checked not to be symbolic links."""
        check_name(name)
        parts = name.split("/")
        folder = self.root
        for part in parts[:-1]:
            folder = folder / part
            try:
                mode = os.lstat(folder).st_mode
            except FileNotFoundError:
                break
            except OSError as err:
                raise StorageError(_("cannot use {path}: {reason}", path=folder, reason=err.strerror)) from None
            if stat.S_ISLNK(mode):
                raise StorageError(_("{path} is a symbolic link, which the data folder does not follow", path=folder))
        return folder / parts[-1]

    def names(self) -> list[str]:
        try:
            entries = os.listdir(self.root)
        except FileNotFoundError:
            raise self._missing() from None
        except OSError as err:
            raise StorageError(_("cannot read the data folder {folder}: {reason}", folder=self.root, reason=err.strerror)) from None
        return sorted(n for n in entries if n.endswith(".toml") and not n.startswith("."))

    def read(self, name: str, *, limit: int = MAX_FILE_BYTES) -> bytes | None:
        path: Path | str = self._prefix + check_name(name) if "/" not in name else self._path(name)  # no sub-folder to check
        try:
            return read_regular(path, limit=limit)
        except FileNotFoundError:
            return None
        except OSError as err:
            if err.errno == errno.ELOOP:
                raise StorageError(_("{path} is a symbolic link, which the data folder does not follow", path=path)) from None
            raise StorageError(_("cannot read {path}: {reason}", path=path, reason=err.strerror)) from None

    def read_tail(self, name: str, size: int) -> bytes:
        path = self._path(name)
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except FileNotFoundError:
            return b""
        except OSError as err:
            raise StorageError(_("cannot read {path}: {reason}", path=path, reason=err.strerror)) from None
        try:
            with os_errors("read", path):
                end = os.fstat(fd).st_size
                os.lseek(fd, max(0, end - size), os.SEEK_SET)
                return os.read(fd, size)
        finally:
            os.close(fd)

    def write(self, name: str, data: bytes, *, create: bool = False, durable: bool = True) -> None:
        path = self._path(name)
        with os_errors("write", path):
            if "/" in name:
                path.parent.mkdir(parents=True, exist_ok=True)
        if create and self._unnamed and self._create_unnamed(path, data, durable=durable):
            return
        with os_errors("write", path):
            temp = path.parent / f".{path.name}.{os.getpid()}.{next(_TEMPS)}{TEMP_SUFFIX}"
            # a new record gets the permissions of a new file under the umask from open itself
            # (one system call less for each record an import writes); a rewritten one keeps its own
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o666 if create else 0o600)
        try:
            with os_errors("write", path):
                if not create:
                    os.fchmod(fd, mode_for(path))
                write_all(fd, data)
                if durable:
                    os.fsync(fd)
                os.close(fd)
                fd = -1
                if create:
                    os.link(temp, path)  # FileExistsError: never clobber a record
                else:
                    if os.path.islink(path):
                        raise OSError(errno.ELOOP, _("symbolic link"))
                    os.replace(temp, path)
        finally:
            if fd >= 0:
                os.close(fd)
            with contextlib.suppress(OSError):
                os.unlink(temp)
        if durable:
            self._sync_folder(path.parent)

    def _create_unnamed(self, path: Path, data: bytes, *, durable: bool) -> bool:
        """Create ``path`` from a file that has no name until it is whole: written (and synced
        when ``durable``), then linked to its name, which is never clobbered (FileExistsError).
        One change of the folder rather than three (a temporary name made, linked, removed):
        what creating thousands of records costs on a slow disk; a crash before the link
        leaves nothing behind. False where the system cannot (no unnamed files on this file
        system): the caller then writes through a temporary name."""
        try:
            folder = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            return False  # the write by a temporary name says why
        try:
            fd = os.open(".", os.O_WRONLY | _O_TMPFILE, 0o666, dir_fd=folder)  # a new file's permissions under the umask
        except OSError as err:
            os.close(folder)
            if err.errno in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL):
                self._unnamed = False  # not on this file system: never asked again
            return False
        try:
            with os_errors("write", path):
                write_all(fd, data)
                if durable:
                    os.fsync(fd)
            try:  # linkat(AT_SYMLINK_FOLLOW) of the open file: its name appears whole, or not at all
                os.link(f"/proc/self/fd/{fd}", path.name, dst_dir_fd=folder, follow_symlinks=True)
            except FileExistsError:
                raise
            except OSError:
                self._unnamed = False
                return False  # the system's own reason, if any, comes from the write by a temporary name
        finally:
            os.close(fd)
            os.close(folder)
        if durable:
            self._sync_folder(path.parent)
        return True

    def _sync_folder(self, folder: Path) -> None:
        with contextlib.suppress(OSError):
            fd = os.open(folder, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)

    def delete(self, name: str, *, durable: bool = True) -> None:
        path = self._path(name)
        try:
            os.unlink(path)
        except FileNotFoundError:
            return
        except OSError as err:
            raise StorageError(_("cannot delete {path}: {reason}", path=path, reason=err.strerror)) from None
        if durable:
            self._sync_folder(path.parent)

    def append(self, name: str, data: bytes, *, durable: bool = True) -> None:
        path = self._path(name)
        with os_errors("write", path):
            fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
            try:
                if not stat.S_ISREG(os.fstat(fd).st_mode):
                    raise OSError(errno.EINVAL, _("not a regular file"))
                write_all(fd, data)
                if durable:
                    os.fsync(fd)
            finally:
                os.close(fd)

    def truncate(self, name: str, size: int) -> None:
        path = self._path(name)
        with os_errors("repair", path):
            fd = os.open(path, os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0))
            try:
                os.ftruncate(fd, size)
                os.fsync(fd)
            finally:
                os.close(fd)

    def sync(self) -> None:
        os.sync()

    def leftovers(self) -> list[str]:
        found = []
        for folder in ("", "calendars", "revisions", "notices"):
            with contextlib.suppress(OSError):
                base = self.root / folder if folder else self.root
                if folder and os.path.islink(base):
                    continue
                found += [f"{folder}/{n}" if folder else n for n in os.listdir(base) if n.startswith(".") and n.endswith(TEMP_SUFFIX)]
        return sorted(found)

    def listing(self, folder: str) -> list[str]:
        path = self._path(f"{folder}/x").parent
        try:
            return sorted(n for n in os.listdir(path) if not n.startswith("."))
        except (FileNotFoundError, NotADirectoryError):
            return []
        except OSError as err:
            raise StorageError(_("cannot read {path}: {reason}", path=path, reason=err.strerror)) from None

    def writable(self) -> bool:
        return os.access(self.root, os.W_OK)

    @contextlib.contextmanager
    def lock(self, *, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
        import filelock

        if not self.root.is_dir():
            raise self._missing()
        lock_path = self.root / LOCK_FILE
        try:
            if not stat.S_ISREG(os.lstat(lock_path).st_mode):
                raise StorageError(_("{path} is not a regular file (a symbolic link?); remove it", path=lock_path))
        except FileNotFoundError:
            pass
        except OSError as err:
            raise StorageError(_("cannot lock {path}: {reason}", path=lock_path, reason=err.strerror)) from None
        try:  # only taking the lock is said so: what fails under it says what it is itself
            held = filelock.FileLock(lock_path, timeout=timeout).acquire()
        except filelock.Timeout:
            raise LockTimeout(self.root, timeout) from None
        except OSError as err:
            raise StorageError(_("cannot lock {path}: {reason}", path=lock_path, reason=err.strerror)) from None
        with held:
            yield


class MemoryBackend:
    """Files held in memory: the fake for tests of everything above storage."""

    def __init__(self, files: dict[str, bytes] | None = None) -> None:
        self.files = dict(files or {})

    def describe(self, name: str) -> str:
        return f"memory:{name}"

    def exists(self) -> bool:
        return True

    def names(self) -> list[str]:
        return sorted(n for n in self.files if n.endswith(".toml") and "/" not in n and not n.startswith("."))

    def read(self, name: str, *, limit: int = MAX_FILE_BYTES) -> bytes | None:
        data = self.files.get(check_name(name))
        if data is not None and len(data) > limit:
            raise InvalidData(_("file of {size} bytes is over the limit of {limit}", size=len(data), limit=limit), source=self.describe(name))
        return data

    def read_tail(self, name: str, size: int) -> bytes:
        return self.files.get(check_name(name), b"")[-size:]

    def write(self, name: str, data: bytes, *, create: bool = False, durable: bool = True) -> None:
        if create and check_name(name) in self.files:
            raise FileExistsError(name)
        self.files[check_name(name)] = data

    def delete(self, name: str, *, durable: bool = True) -> None:
        self.files.pop(check_name(name), None)

    def append(self, name: str, data: bytes, *, durable: bool = True) -> None:
        self.files[check_name(name)] = self.files.get(name, b"") + data

    def truncate(self, name: str, size: int) -> None:
        self.files[check_name(name)] = self.files.get(name, b"")[:size]

    def sync(self) -> None:
        pass

    def leftovers(self) -> list[str]:
        return sorted(n for n in self.files if n.rsplit("/", 1)[-1].startswith(".") and n.endswith(TEMP_SUFFIX))

    def listing(self, folder: str) -> list[str]:
        prefix = folder.rstrip("/") + "/"
        return sorted(n[len(prefix):] for n in self.files if n.startswith(prefix) and "/" not in n[len(prefix):])

    @contextlib.contextmanager
    def lock(self, *, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
        yield

    def writable(self) -> bool:
        return True
