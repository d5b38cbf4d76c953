"""Files the operating system way, done safely: every byte written, atomic replacement, sizes
checked before reading, no symbolic link followed unless asked, every OSError named.

Used by the data folder's backend and by the outputs the officer names (exports, the book).
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from itinerary.errors import InvalidData, StorageError
from itinerary.i18n import N_, _

TEMP_SUFFIX = ".tmp"


def check_name(name: str) -> str:
    """``name`` if it is a relative path inside the folder; StorageError otherwise."""
    parts = name.split("/")
    if not name or name.startswith("/") or any(p in ("", ".", "..") or "\\" in p or "\x00" in p for p in parts):
        raise StorageError(_("{name!r} is not a file inside the data folder", name=name))
    return name


@contextlib.contextmanager
def os_errors(what: str, where: object) -> Iterator[None]:
    """Any OSError inside the block as a StorageError: 'cannot <what> <where>: <reason>', ``what``
    one of :data:`CANNOT` (except FileExistsError, which callers that create a file without
    clobbering handle themselves)."""
    try:
        yield
    except FileExistsError:
        raise
    except OSError as err:
        reason = err.strerror or str(err)
        if err.errno == errno.ELOOP:
            reason = _("it is a symbolic link, which the data folder does not follow")
        raise StorageError(_(CANNOT[what], path=where, reason=reason)) from None


CANNOT = {"read": N_("cannot read {path}: {reason}"), "write": N_("cannot write {path}: {reason}"), "repair": N_("cannot repair {path}: {reason}")}
"""What a storage error says a file could not be done with."""


def mode_for(path: Path) -> int:
    """The permissions a rewritten ``path`` keeps, or those of a new file under the umask."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        return new_file_mode()


@functools.cache
def new_file_mode() -> int:
    """The permissions of a new file under this process's umask (read once: reading it sets it)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_all(fd: int, data: bytes) -> None:
    """Write every byte of ``data`` (``os.write`` may write fewer than asked)."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        if written <= 0:
            raise OSError(errno.ENOSPC, _("no space left on device"))
        view = view[written:]


def read_regular(path: Path | str, *, limit: int, follow: bool = False) -> bytes:
    """The bytes of the regular file ``path``, refused (InvalidData) when it is over ``limit``
    or not a regular file (a device, a FIFO, a folder). OSError when it cannot be read."""
    flags = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NONBLOCK", 0)
    if not follow:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InvalidData(_("is a folder, not a file"), source=str(path))
        if not stat.S_ISREG(info.st_mode):
            raise InvalidData(_("is not a regular file (a device or a pipe?); refusing to read it"), source=str(path))
        if info.st_size > limit:
            raise InvalidData(_("file of {size} bytes is over the limit of {limit}", size=info.st_size, limit=limit), source=str(path))
        chunks = []
        remaining = limit + 1
        while remaining > 0:
            chunk = os.read(fd, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        data = b"".join(chunks)
        if len(data) > limit:
            raise InvalidData(_("file over the limit of {limit} bytes (it grew while read)", limit=limit), source=str(path))
        return data
    finally:
        os.close(fd)


def write_file(path: Path, chunks: Iterable[bytes], *, follow: bool = False) -> None:
    """Write ``chunks`` to ``path`` atomically: a temporary file beside it, fsynced, then renamed.

    Readers see the old file or the new one, never a half-written one. ``path`` must be a
    regular file or not exist: a device, a FIFO or a folder is refused. A symbolic link is
    refused unless ``follow`` (the user named it explicitly): then its target is written.
    """
    target = path
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        info = None
    except OSError as err:
        raise StorageError(_("cannot write {path}: {reason}", path=path, reason=err.strerror)) from None
    if info is not None and stat.S_ISLNK(info.st_mode):
        if not follow:
            raise StorageError(_("cannot write {path}: it is a symbolic link", path=path))
        target = Path(os.path.realpath(path))
        with contextlib.suppress(OSError):
            info = os.stat(target)
    if info is not None and not stat.S_ISREG(info.st_mode) and not stat.S_ISLNK(info.st_mode):
        if stat.S_ISDIR(info.st_mode):
            raise StorageError(_("cannot write {path}: it is a folder", path=path))
        raise StorageError(_("cannot write {path}: it is not a regular file (a device or a pipe?)", path=path))
    with os_errors("write", path):
        target.parent.mkdir(parents=True, exist_ok=True)
        import tempfile  # only writing needs it

        fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=TEMP_SUFFIX)
    try:
        with os_errors("write", path):
            os.fchmod(fd, mode_for(target))
            for chunk in chunks:
                write_all(fd, chunk)
            os.fsync(fd)
            os.close(fd)
            fd = -1
            os.replace(temp, target)
    finally:
        if fd >= 0:
            os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(temp)


def temp_leftovers(folder: Path) -> list[Path]:
    """Temporary files an interrupted :func:`write_file` left in ``folder`` (and its sub-folders)."""
    found = []
    try:
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames[:] = [d for d in dirnames if not d.startswith(".")]
            found += [Path(dirpath) / n for n in filenames if n.startswith(".") and n.endswith(TEMP_SUFFIX)]
    except OSError:
        return []
    return sorted(found)


def read_head(path: Path, size: int, *, follow: bool = False) -> bytes | None:
    """The first ``size`` bytes of the regular file ``path``; None when there is no such file
    (or it is not a regular file, or a symbolic link not followed). StorageError when it cannot
    be read."""
    flags = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NONBLOCK", 0)
    if not follow:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as err:
        if err.errno == errno.ELOOP:
            return None
        raise StorageError(_("cannot read {path}: {reason}", path=path, reason=err.strerror)) from None
    try:
        with os_errors("read", path):
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return None
            return os.read(fd, size)
    finally:
        os.close(fd)
