# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Paths and uploads: which kind a path is, the bounds of an upload, parsing a whole upload."""

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
            batch[kind.name].extend(kind.parse(path, files[path]))
        except VaultError as err:
            errors.append(err)
    return batch, errors


def serialize(kind, path, items):
    return kind.serialize(path, items)
