"""Evidence files of an SOP step, read for the server (``practice sop step --attach`` and the
MCP ``sop_step``'s ``attach``): shared by both without the CLI loading the MCP SDK."""

import base64
from pathlib import Path

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024  # the server's bound per file (practice_sop tools/evidence.py)
MAX_EVIDENCE_FILES = 10


def evidence_files(paths):
    """``[{"name", "data"}]`` (data base64) of the files at ``paths``, for a step's ``files``;
    ValueError for a missing, unreadable or too large file (the server checks the type)."""
    if len(paths) > MAX_EVIDENCE_FILES:
        raise ValueError(f"at most {MAX_EVIDENCE_FILES} files per step, got {len(paths)}.")
    files = []
    for raw in paths:
        path = Path(raw).expanduser()
        if not path.is_file():
            raise ValueError(f"{raw}: no such file.")
        size = path.stat().st_size
        if size > MAX_EVIDENCE_BYTES:
            raise ValueError(f"{raw} is {size} bytes, more than {MAX_EVIDENCE_BYTES} bytes per file.")
        try:
            data = path.read_bytes()
        except OSError as err:
            raise ValueError(f"{raw}: {err.strerror or err}.") from None
        files.append({"name": path.name, "data": base64.b64encode(data).decode("ascii")})
    return files
