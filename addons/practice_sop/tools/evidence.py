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
