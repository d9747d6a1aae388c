"""The post-mortem of an SOP run written into the vault folder (``practice sop postmortem`` and
the MCP tool ``sop_postmortem``): the server builds it (``practice.sop.run.postmortem``, a
``practice.postmortem`` record, vault kind ``postmortem``) and answers the file as its vault
export writes it; this module writes that file under the folder and keeps its server version in
``.practice-vault.json``, so a later ``practice vault push`` of it is a clean update and a
``practice vault pull`` writes the same bytes."""

import hashlib
from pathlib import Path

from . import vault as vault_io


class PostmortemError(ValueError):
    """The file cannot be written (the message says why)."""


def _version(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def write_postmortem(folder, remote, answer, force=False):
    """Write ``answer`` (the server's ``postmortem`` answer: ``path``, ``text``, ``version``)
    under ``folder``; returns ``{"path", "file", "written", "created", "id", "run_id"}``.

    A local file changed since the last pull or push (its text is neither the server's nor the
    version kept) is not overwritten unless ``force``: PostmortemError."""
    rel = answer["path"]
    target = Path(folder) / rel
    base = vault_io.load_versions(folder, remote)
    written = True
    if target.is_file():
        local = vault_io.read_text(target)
        if local == answer["text"]:
            written = False
        elif not force and _version(local) != base.get(rel):
            raise PostmortemError(
                f"{target} has local changes not pushed: push them first (practice vault push "
                f"{folder}) or write over them with --force."
            )
    if written:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(answer["text"].encode("utf-8"))
    base[rel] = answer["version"]
    vault_io.save_versions(folder, remote, base)
    return {
        "id": answer["id"],
        "run_id": answer["run_id"],
        "path": rel,
        "file": str(target),
        "written": written,
        "created": answer["created"],
    }
