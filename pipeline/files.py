"""Safe file handling at the edges: whole outputs or none, people's files kept, odd paths named.

- :func:`replacing` (and :func:`write_text`, :func:`write_bytes`): every output is written
  to a temporary file in the same folder, ``fsync``-ed and renamed over the target
  (``os.replace``), so that a reader, or a run killed at any moment, sees the old file or
  the new one, never a part.
- :func:`check_output`: an output path that is a folder or a device, or a file people own
  (anything under a review's ``decisions/`` folder, or a file the review's config names as
  people's input), is refused with one line unless ``force``.
- :func:`check_input`: an input must be a regular file (not a device, FIFO or folder); a
  symlink loop is named as such.

Write errors (no space, no permission, a missing folder under ``/proc``) become one-line
:class:`~pipeline.errors.DataError` messages naming the file.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from pipeline.errors import DataError, UsageError

#: Folder of a review that holds what people decided (DESIGN.md, "A review is a folder").
PEOPLE_FOLDER = "decisions"
#: Config keys (section, key) that name files people write (config/config.yaml).
PEOPLE_KEYS: tuple[tuple[str, str], ...] = (
    ("dedup", "pairs"),
    ("screen", "decisions"),
    ("themes", "coding"),
    ("themes", "notes"),
)
CONFIG = Path("config/config.yaml")


def _describe(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _os_message(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "a symlink loop (the link points back to itself)"
    if exc.errno == errno.ENOENT:
        return "no such file"
    return exc.strerror or str(exc)


def check_input(path: str | Path, *, what: str = "file") -> Path:
    """``path`` if it is a regular file (after symlinks), else one-line :class:`DataError`."""
    path = Path(path)
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        raise DataError(f"{path}: {_os_message(exc)}") from None
    if not stat.S_ISREG(mode):
        kind = _describe(mode)
        if stat.S_ISDIR(mode):
            raise DataError(
                f"{path}: is a folder, not {'an export' if what == 'file' else 'a'} {what}"
            )
        raise DataError(f"{path}: is {kind}, not a regular {what}; give a file")
    return path


def people_files(config: str | Path = CONFIG) -> set[Path]:
    """Resolved paths of the files the review's config names as people's input."""
    config = Path(config)
    if not config.is_file():
        return set()
    import yaml

    try:
        data = yaml.safe_load(config.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return set()
    out: set[Path] = set()
    if not isinstance(data, dict):
        return out
    for section, key in PEOPLE_KEYS:
        value = (data.get(section) or {}).get(key) if isinstance(data.get(section), dict) else None
        if isinstance(value, str) and value.strip():
            out.add(Path(value).resolve())
    return out


def is_people_file(path: str | Path) -> bool:
    """Whether ``path`` is under a ``decisions/`` folder or named by the config as input.

    >>> is_people_file("review/decisions/decisions.jsonl"), is_people_file("outputs/x.csv")
    (True, False)
    """
    resolved = Path(path).resolve()
    if PEOPLE_FOLDER in resolved.parent.parts:
        return True
    owned = people_files()
    return resolved in owned or any(p in resolved.parents for p in owned)


def check_output(path: str | Path | None, *, force: bool = False, folder: bool = False) -> None:
    """Refuse (one line, exit 2) an output path that cannot or must not be replaced.

    ``folder=True``: the output is a folder of files (it may exist as a folder).
    """
    if path is None:
        return
    path = Path(path)
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise UsageError(f"{path}: {_os_message(exc)}") from None
    if mode is not None:
        if folder:
            if not stat.S_ISDIR(mode):
                raise UsageError(f"{path}: is {_describe(mode)}; give a folder for the outputs")
        elif stat.S_ISDIR(mode):
            raise UsageError(f"{path}: is a folder; give a file name for the output")
        elif not stat.S_ISREG(mode):
            raise UsageError(f"{path}: is {_describe(mode)}, not a regular file; give a file")
    if not force and (folder or mode is not None) and is_people_file(path):
        raise UsageError(
            f"{path}: is people's work (under {PEOPLE_FOLDER}/ or named in the config as "
            "their input); not overwritten: choose another output, or add --force"
        )


def check_outputs(paths: list[str | Path | None], *, force: bool = False) -> None:
    """:func:`check_output` for each path, before any work is done."""
    for path in paths:
        check_output(path, force=force)


@contextlib.contextmanager
def replacing(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it replaces ``path`` whole.

    The temporary file is ``fsync``-ed before the rename and the folder after it, so that a
    crash leaves the old or the new file. On an error the temporary file is removed and the
    error raised as one line (:class:`DataError`) naming ``path``.
    """
    path = Path(path)
    try:
        if path.exists() and not path.is_file():
            # Renaming over a device (``/dev/full``) or a FIFO would replace the node itself.
            kind = _describe(path.stat().st_mode)
            raise DataError(f"{path}: is {kind}, not a regular file; give a file name")
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.close(fd)
    except OSError as exc:
        raise DataError(f"{path}: cannot write here ({exc.strerror or exc})") from None
    tmp = Path(name)
    try:
        yield tmp
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        _keep_mode(path, tmp)
        os.replace(tmp, path)
        _fsync_folder(path.parent)
    except OSError as exc:
        raise DataError(f"{path}: cannot write ({exc.strerror or exc})") from None
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


def _keep_mode(path: Path, tmp: Path) -> None:
    """The new file gets the old one's permissions (else the usual 0644 less the umask)."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    os.chmod(tmp, mode)


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_bytes(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` whole (see :func:`replacing`)."""
    with replacing(path) as tmp:
        tmp.write_bytes(data)
    return Path(path)


def write_text(
    path: str | Path, text: str, *, encoding: str = "utf-8", newline: str | None = None
) -> Path:
    """Write ``text`` to ``path`` whole (see :func:`replacing`)."""
    with replacing(path) as tmp, open(tmp, "w", encoding=encoding, newline=newline) as handle:
        handle.write(text)
    return Path(path)


def write_csv(frame: object, path: str | Path, **options: object) -> Path:
    """``frame.to_csv(path, **options)`` written whole (see :func:`replacing`)."""
    with replacing(path) as tmp:
        frame.to_csv(tmp, **options)  # type: ignore[attr-defined]
    return Path(path)


def output_file(text: str | Path | None) -> Path | None:
    """An output file named on the command line (kept as text by argparse: ``Path`` drops
    the ``/`` that says the name is a folder's)."""
    if text is None or isinstance(text, Path):
        return text
    if text.endswith(("/", os.sep)):
        raise UsageError(f"{text}: ends with '/' (a folder); give a file name for the output")
    return Path(text)


def add_force(parser: argparse.ArgumentParser) -> None:
    """The ``--force`` option of a verb that writes outputs (see :func:`check_output`)."""
    parser.add_argument(
        "--force",
        action="store_true",
        help="overwrite an output even if it is people's work (a file under decisions/ or "
        "named in the config as their input)",
    )
