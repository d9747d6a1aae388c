# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Bounds of the evidence files attached to an SOP run step.

Odoo caps one upload at its request size (128 MiB by default); a step's evidence is a few
screenshots or logs, so a step takes at most :data:`MAX_FILES` files of at most
:data:`MAX_BYTES` each.
"""

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 10


def problem(existing_count, sizes, max_bytes=MAX_BYTES, max_files=MAX_FILES):
    """What is wrong with attaching files of ``sizes`` (bytes) to a step that already has
    ``existing_count`` files: ``None``, ``("count", total)`` or ``("size", index, size)``
    (the first file over the bound, by position in ``sizes``)."""
    total = existing_count + len(sizes)
    if total > max_files:
        return ("count", total)
    for index, size in enumerate(sizes):
        if (size or 0) > max_bytes:
            return ("size", index, size)
    return None


# Evidence sent over RPC (`practice sop step RUN N --attach FILE`): a name whose extension is
# one of these, and content that matches it (the magic number of a binary type, text for a text type).
TEXT_EXTENSIONS = frozenset(
    {
        "txt",
        "log",
        "md",
        "json",
        "csv",
        "tsv",
        "yaml",
        "yml",
        "xml",
        "ini",
        "conf",
        "diff",
        "patch",
        "sql",
        "trace",
    }
)
MAGIC = {
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "gif": (b"GIF87a", b"GIF89a"),
    "pdf": (b"%PDF-",),
    "gz": (b"\x1f\x8b",),
    "zip": (b"PK\x03\x04",),
}
MIMETYPES = {
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "pdf": "application/pdf",
    "gz": "application/gzip",
    "zip": "application/zip",
    "json": "application/json",
}
MAX_NAME = 200


class EvidenceError(ValueError):
    """A file refused as evidence (the message says why)."""


def check_file(name, data, max_bytes=None):
    """``(name, mimetype)`` of an evidence file ``name`` with bytes ``data``, or raises
    :class:`EvidenceError`: a plain file name (no folder), a known extension, at most
    ``max_bytes`` (default :data:`MAX_BYTES`), non-empty, and content of that type (magic number, or UTF-8 text without NUL)."""
    if not isinstance(name, str) or not name.strip():
        raise EvidenceError("a file needs a name.")
    name = name.strip().replace("\\", "/").rsplit("/", 1)[-1]
    if not name or name.startswith(".") or len(name) > MAX_NAME or any(ord(c) < 32 for c in name):
        raise EvidenceError(
            f"file name {name[:60]!r} is not a plain file name (at most {MAX_NAME} characters)."
        )
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in TEXT_EXTENSIONS and extension not in MAGIC:
        known = ", ".join(sorted(TEXT_EXTENSIONS | set(MAGIC)))
        raise EvidenceError(f"{name}: .{extension or '?'} files are not evidence (known: {known}).")
    max_bytes = MAX_BYTES if max_bytes is None else max_bytes
    if not data:
        raise EvidenceError(f"{name} is empty.")
    if len(data) > max_bytes:
        raise EvidenceError(f"{name} is {len(data)} bytes, more than {max_bytes} bytes per file.")
    if extension in MAGIC:
        if not data.startswith(MAGIC[extension]):
            raise EvidenceError(f"{name} is not a .{extension} file (its content does not match).")
    else:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            raise EvidenceError(f"{name} is not UTF-8 text.") from None
        if b"\x00" in data:
            raise EvidenceError(f"{name} is not text (it holds NUL bytes).")
    return name, MIMETYPES.get(extension, "text/plain")
