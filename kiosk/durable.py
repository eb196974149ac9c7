"""Files that a crash cannot break, and that only the hall can read.

A file is replaced by writing a temporary file beside it, ``fsync``, renaming it over the old one and ``fsync``-ing the
folder: a crash at any instant leaves the old content or the new, whole. Every file gets its access (owner only,
or one group) with ``fchmod`` before it holds a byte, whatever the process's umask.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

TMP_MARKER = ".tmp-"


def _fsync_dir(folder: Path) -> None:
    """Make a rename inside ``folder`` durable (the directory entry itself must reach the disk)."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@dataclass(frozen=True)
class FileAccess:
    """Who may read the files that hold residents' data and PIN hashes: the owner only (0600, folders 0700), or
    also one group (0640 / 0750) named in ``kiosk.toml``. Applied with ``fchmod``/``chmod`` after creation, so
    the process's umask never widens it, and to every rewrite (a rewrite is a new file renamed into place)."""

    file_mode: int = 0o600
    folder_mode: int = 0o700
    gid: int | None = None

    @classmethod
    def for_group(cls, group: str | None) -> FileAccess:
        """Owner only without a group; owner plus ``group`` (read-only) with one. Raises ``KeyError`` for a
        group the system does not know."""
        if not group:
            return cls()
        import grp

        return cls(file_mode=0o640, folder_mode=0o750, gid=grp.getgrnam(group).gr_gid)

    def apply_fd(self, fd: int) -> None:
        """Give an open file this access."""
        if self.gid is not None:
            os.fchown(fd, -1, self.gid)
        os.fchmod(fd, self.file_mode)

    def folder(self, path: Path) -> None:
        """Create ``path`` (and missing parents) if needed and give it this access."""
        path.mkdir(parents=True, exist_ok=True)
        if self.gid is not None:
            os.chown(path, -1, self.gid)
        os.chmod(path, self.folder_mode)


#: What every file of the store gets unless told otherwise.
PRIVATE = FileAccess()


def write_atomic(
    path: Path,
    payload: bytes,
    *,
    durable: bool = True,
    before_replace: Callable[[], None] | None = None,
    access: FileAccess = PRIVATE,
) -> None:
    """Replace ``path`` with ``payload`` so that a crash leaves either the old content or the new, whole.

    The temporary file sits in the same folder (a rename is atomic only within one filesystem) and carries
    :data:`TMP_MARKER` in its name so that :func:`remove_leftovers` can find it after a crash.
    ``before_replace`` runs after the new content is on disk and before it replaces the old (used to keep the
    old file as a backup). The new file gets ``access`` (private by default) before it holds any byte.
    """
    tmp = path.with_name(f".{path.name}{TMP_MARKER}{os.getpid()}-{secrets.token_hex(4)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, access.file_mode)
    try:
        access.apply_fd(fd)
        view = memoryview(payload)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        if durable:
            os.fsync(fd)
    except BaseException:
        os.close(fd)
        tmp.unlink(missing_ok=True)
        raise
    os.close(fd)
    try:
        if before_replace is not None:
            before_replace()
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if durable:
        _fsync_dir(path.parent)


def remove_leftovers(folder: Path, name: str) -> list[Path]:
    """Delete temporary files that a crashed writer of ``folder/name`` left behind; return what was removed.

    Only call this while holding the store's exclusive lock: a live writer keeps its temporary file only while
    it holds that lock, so anything found then is debris.
    """
    removed = []
    for leftover in folder.glob(f".{name}{TMP_MARKER}*"):
        leftover.unlink(missing_ok=True)
        removed.append(leftover)
    return removed
