# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Paths and uploads: which kind a path is, the bounds of an upload, parsing a whole upload, and
writing a file back as its author wrote it (:func:`render_file`)."""

import json
import re

from ..limits import BAD_PATH_CHAR_RE, VaultLimits, display_path, human_bytes
from .common import VaultError


def check_path(path, max_chars=None):
    """Raise VaultError for paths that can never be vault files (the error shows an escaped,
    shortened path when the path itself is the problem)."""
    if not isinstance(path, str) or not path:
        raise VaultError(display_path(path), 1, "a vault path must be a non-empty relative path")
    max_chars = max_chars or VaultLimits().max_path_chars
    if len(path) > max_chars:
        raise VaultError(
            display_path(path), 1, f"path of {len(path)} characters: a vault path has at most {max_chars}"
        )
    bad = BAD_PATH_CHAR_RE.search(path)
    if bad:
        raise VaultError(
            display_path(path),
            1,
            f"path holds the control or bidirectional character U+{ord(bad.group(0)):04X}: "
            "use plain characters",
        )
    if path.startswith("/") or "\\" in path or any(part in ("", ".", "..") for part in path.split("/")):
        raise VaultError(path, 1, "path outside the vault: use a relative path like rules/x.md")
    if not path.endswith(".md"):
        raise VaultError(path, 1, "not a markdown file: vault files end in .md")


def find_kind(kinds, path, max_path_chars=None):
    check_path(path, max_path_chars)
    for kind in kinds:
        if kind.matches(path):
            return kind
    folders = ", ".join(sorted({k.pattern.split("/")[0] + "/" for k in kinds}))
    raise VaultError(path, 1, f"path outside known folders ({folders})")


def _utf8_size(path, text):
    """Bytes of ``text`` in UTF-8; VaultError for a lone surrogate (not text)."""
    try:
        return len(text.encode("utf-8"))
    except UnicodeEncodeError as err:
        raise VaultError(
            path, text.count("\n", 0, err.start) + 1, "file content is not valid UTF-8 text"
        ) from None


def check_upload(files, limits=None):
    """VaultErrors of an upload ``{path: text}`` that break the bounds of ``limits``
    (:class:`~.limits.VaultLimits`, defaults when None), found before anything is parsed:
    too many files, a bad path (type, length, control/bidi characters), content that is not
    text or holds a NUL character, a file or the whole upload too large. Work is bounded by
    the input's size; the count is checked first."""
    return _check_upload(files, limits or VaultLimits())[0]


def _check_upload(files, limits):
    """``(errors, refused_paths, whole)``: ``whole`` when the upload is refused as a whole."""
    if not isinstance(files, dict):
        return [VaultError("<upload>", 1, "files must be a mapping {relative_path: text}")], set(), True
    paths = sorted(files, key=str)
    if len(paths) > limits.max_files:
        message = f"too many files in one upload: {len(paths)} (at most {limits.max_files})"
        return [VaultError(display_path(paths[limits.max_files]), 1, message)], set(), True
    errors, refused, total = [], set(), 0
    for path in paths:
        text = files[path]
        try:
            check_path(path, limits.max_path_chars)
            if not isinstance(text, str):
                raise VaultError(path, 1, "file content must be text")
            # A character is at least one byte: only texts that might fit are encoded.
            size = len(text) if len(text) > limits.max_file_bytes else _utf8_size(path, text)
            if size > limits.max_file_bytes:
                raise VaultError(
                    path,
                    1,
                    f"file of {human_bytes(size)}: a vault file has at most {human_bytes(limits.max_file_bytes)}",
                )
            nul = text.find("\0")
            if nul >= 0:
                raise VaultError(path, text.count("\n", 0, nul) + 1, "file holds a NUL character: not text")
            total += size
            if total > limits.max_total_bytes:
                message = f"the upload is larger than {human_bytes(limits.max_total_bytes)} in all"
                return errors + [VaultError(path, 1, message)], refused | {path}, True
        except VaultError as err:
            errors.append(err)
            refused.add(path)
    return errors, refused, False


def parse_files(kinds, files, limits=None):
    """``({kind_name: [Entry]}, [VaultError])`` for a ``{path: text}`` mapping.

    :func:`check_upload` runs first (``limits``: defaults when None); files it refuses are not
    parsed, and an upload refused as a whole (too many files, too large in all) parses nothing."""
    limits = limits or VaultLimits()
    batch = {k.name: [] for k in kinds}
    errors, refused, whole = _check_upload(files, limits)
    if whole:
        return batch, errors
    for path in sorted(files):
        if path in refused:
            continue
        try:
            kind = find_kind(kinds, path, limits.max_path_chars)
            entries = kind.parse(path, files[path])
            keep_source(kind, path, files[path], entries)
            batch[kind.name].extend(entries)
        except VaultError as err:
            errors.append(err)
    return batch, errors


def serialize(kind, path, items):
    return kind.serialize(path, items)


# --------------------------------------------------------------------------- fidelity
#
# Every layout a parser accepts round-trips byte for byte: a file that is not in its kind's
# canonical form (another file end, CRLF line ends, other blank lines, the plain hard-rule form,
# compact glossary lines, key order, YAML quoting or comments...) is kept as written on its first
# record (``Entry.source``, the records' ``vault_source``), and export writes it back unchanged as
# long as the records still hold exactly what it says. Once a record of the file changes (an edit
# in the backend), export writes the canonical form, ending the way the file ended (its trailing
# newlines, and CRLF when every line of it ended so).

_FILE_END_RE = re.compile(r"(?:\r?\n)*\Z")


def keep_source(kind, path, text, entries):
    """Set ``entries[0].source`` to ``text`` when the kind's canonical form of the entries is
    not ``text`` byte for byte (a canonical file keeps nothing)."""
    if entries and kind.serialize(path, [entry.data for entry in entries]) != text:
        entries[0].source = text


def _fingerprint(items):
    return sorted(json.dumps(data, sort_keys=True, default=str) for data in items)


def holds(kind, path, items, source):
    """Whether ``source`` parses to exactly ``items`` (the data of every record of the file, in
    any order): only then is it the file of these records."""
    try:
        entries = kind.parse(path, source)
    except VaultError:
        return False
    return _fingerprint(entry.data for entry in entries) == _fingerprint(items)


def file_end(source):
    """``(newline, end)`` of a file as written: its line end (``"\r\n"`` when every line ends so,
    else ``"\n"``) and the line ends it ends with (``""``: no final newline)."""
    crlf = "\r\n" in source and source.count("\n") == source.count("\r\n")
    end = _FILE_END_RE.search(source).group(0)
    return ("\r\n" if crlf else "\n"), end


def with_file_end(text, source):
    """The canonical ``text`` ending the way ``source`` ends (and with its CRLF line ends)."""
    newline, end = file_end(source)
    body = text.rstrip("\n")
    if newline == "\r\n":
        body = body.replace("\n", "\r\n")
    return body + end if body else text


def render_file(kind, path, items, source=None):
    """The file of ``items`` (the data of every record of ``path``): ``source`` byte for byte
    while it still says exactly ``items``, else the canonical form ending as ``source`` ended."""
    canonical = kind.serialize(path, items)
    if not source or source == canonical:
        return canonical
    if holds(kind, path, items, source):
        return source
    return with_file_end(canonical, source)
