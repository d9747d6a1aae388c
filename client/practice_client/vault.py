"""Read and write a vault folder (knowledge/) as {relative_path: text}, and the versions of
its last pull (``.practice-vault.json``)."""

import json
from pathlib import Path

from . import rules_sync


def read_vault(root, progress=None):
    """Every ``*.md`` file under ``root``, keyed by its POSIX path relative to ``root``;
    ``progress(done, total)`` is called after each file when given."""
    root = Path(root)
    if not root.is_dir():
        raise FileNotFoundError(f"{root} is not a folder")
    paths = [
        path
        for path in sorted(root.rglob("*.md"))
        if path.is_file() and not any(part.startswith(".") for part in path.relative_to(root).parts)
    ]
    files = {}
    for done, path in enumerate(paths, 1):
        files[path.relative_to(root).as_posix()] = read_text(path)
        if progress:
            progress(done, len(paths))
    return files


def read_text(path):
    """``path``'s UTF-8 text; a ValueError naming the file, line and byte when it is not UTF-8."""
    data = Path(path).read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise ValueError(
            f"{path}:{line}: not UTF-8 text (byte 0x{data[err.start]:02x} at offset {err.start}); "
            "save it as UTF-8"
        ) from None


def write_vault(root, files, progress=None):
    """Write ``files`` under ``root``; refuses paths that would escape it. Returns paths written.
    ``progress(done, total)`` is called after each file when given."""
    root = Path(root).resolve()
    written = []
    for done, (rel, text) in enumerate(sorted(files.items()), 1):
        if progress:
            progress(done, len(files))
        target = (root / rel).resolve()
        if root not in target.parents:
            raise ValueError(f"Refusing to write outside the vault: {rel}")
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists() or target.read_bytes() != text.encode("utf-8"):
            target.write_text(text, encoding="utf-8")
            written.append(rel)
    return written


# -- versions of the last pull (optimistic concurrency) ----------------------------------------
STATE_FILE = ".practice-vault.json"


def remote_key(url, db, repo=None):
    """Which server vault a folder's versions belong to: ``<url>|<db>|<repo or default>``."""
    return f"{url.rstrip('/')}|{db}|{repo or ''}"


class StateError(ValueError):
    """The folder's ``.practice-vault.json`` cannot be read: the message says how to recover."""


def _read_state(root):
    path = Path(root) / STATE_FILE
    if not path.is_file():
        return {}
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise StateError(f"{path}: unreadable ({err}); delete it and pull again") from err
    if not isinstance(state, dict) or not isinstance(state.get("remotes", {}), dict):
        raise StateError(f"{path}: not a practice vault state file; delete it and pull again")
    return state


def load_versions(root, remote):
    """``{path: version}`` of the last pull of ``remote`` into ``root`` (``{}``: never pulled).

    The versions live in ``<root>/.practice-vault.json``::

        {"remotes": {"<url>|<db>|<repo>": {"versions": {"adr/0001-x.md": "<sha256>", ...}}}}
    """
    versions = _read_state(root).get("remotes", {}).get(remote, {}).get("versions", {})
    return (
        {str(path): str(version) for path, version in versions.items()} if isinstance(versions, dict) else {}
    )


def save_versions(root, remote, versions):
    """Store ``versions`` as the last pull of ``remote`` into ``root`` (other remotes kept)."""
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    state = _read_state(root)
    state.setdefault("remotes", {})[remote] = {"versions": dict(sorted(versions.items()))}
    target = root / STATE_FILE
    tmp = target.with_suffix(".tmp")
    tmp.write_text(json.dumps(state, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    tmp.replace(target)


def versions_after_push(base, sent, result):
    """The versions to keep after a successful push: the server's new version of every file
    sent, none for a file it deleted or no longer has; other paths keep their pulled version
    (a push does not make us see what others changed elsewhere)."""
    versions = dict(base)
    answered = result.get("versions") or {}
    for path in list(sent) + list(result.get("deleted") or []):
        if path in answered:
            versions[path] = answered[path]
        else:
            versions.pop(path, None)
    return versions


def push(call, folder, remote, repo=None, dry_run=False, prune=False, force=False, progress=None):
    """Import ``folder``'s vault files (``practice.vault.import_files``: all or nothing) against
    the versions of the last pull into it (conflicts: files changed on the server since), and
    keep the new versions when something was written. Returns the server's answer; raises
    :class:`StateError` on an unreadable versions file (a file of the folder that cannot be read
    raises what :func:`read_vault` raises)."""
    base = load_versions(folder, remote)
    files = read_vault(folder, progress=progress)
    kwargs = {"repo": repo, "dry_run": dry_run, "base": base}
    if prune:
        kwargs["prune"] = True
    if force:
        kwargs["force"] = True
    result = call("practice.vault", "import_files", files, **kwargs)
    if not dry_run and not result.get("errors"):
        save_versions(folder, remote, versions_after_push(base, files, result))
    return result


def pull(call, folder, remote, repo=None, progress=None):
    """Write the server's vault into ``folder`` (only files that differ) and keep every file's
    version (the base of the next push). Returns ``{"files": n, "written": [paths]}``."""
    pulled = call("practice.vault", "export_files", repo=repo, versions=True)
    files = pulled["files"]
    written = write_vault(folder, files, progress=progress)
    save_versions(folder, remote, pulled["versions"])
    found = {"files": len(files), "written": written, "repo": pulled.get("repo")}
    # the rules the vault holds are also where each agent reads them, if this work tree exported them
    found["rules_export"] = rules_sync.refresh_at(call, folder, pulled.get("repo") or repo)
    return found
