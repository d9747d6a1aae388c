"""The rules export's side that reads and writes: the server's active rules of a repository
and the work tree's files (:mod:`.rules_export` plans, purely, what they should be).

No click: ``practice rules export`` (:mod:`.cli_rules`), the session-start hook and ``practice
vault pull`` call :func:`sync`; the two last ones only :func:`refresh`, which touches a work tree
only where an export was already made (an agent's generated file is there), so a team opts in
once with ``practice rules export`` and the files stay fresh from then on.
"""

import os
import tempfile

from . import hook_core, modmap, rules_export
from .rules_export import ExportError

RULE_FIELDS = ["name", "rule", "fix", "severity", "module_ids"]
SKIP_DIRS = {"node_modules", "__pycache__", "venv"}


# -- the work tree --------------------------------------------------------------------------------
def manifest_paths(root):
    """``/``-separated paths of the work tree's ``__manifest__.py`` files: git's view (tracked
    and untracked, ignored files left out), else a walk that skips hidden folders."""
    out = hook_core.git(
        root, "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", f"*{modmap.MANIFEST}"
    )
    if out is not None:
        paths = {p for p in out.split("\0") if p.rsplit("/", 1)[-1] == modmap.MANIFEST}
        return sorted(p for p in paths if os.path.isfile(os.path.join(root, p)))
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIP_DIRS)
        if modmap.MANIFEST in files:
            found.append(os.path.relpath(os.path.join(folder, modmap.MANIFEST), root).replace(os.sep, "/"))
            dirs[:] = []
    return sorted(found)


def existing_files(root):
    """The text of the files the export may own or merge into, by ``/``-separated path."""
    found = {}
    for folder, suffix in ((rules_export.CLAUDE_DIR, ".md"), (rules_export.CURSOR_DIR, ".mdc")):
        try:
            names = sorted(os.listdir(os.path.join(root, folder)))
        except OSError:
            continue
        for name in names:
            path = os.path.join(root, folder, name)
            if name.endswith(suffix) and os.path.isfile(path):
                with open(path, "rb") as handle:
                    found[f"{folder}/{name}"] = handle.read().decode("utf-8", errors="replace")
    agents = os.path.join(root, rules_export.AGENTS_FILE)
    if os.path.isfile(agents):
        with open(agents, "rb") as handle:
            data = handle.read()
        try:
            found[rules_export.AGENTS_FILE] = data.decode("utf-8")
        except UnicodeDecodeError:
            raise ExportError(f"{rules_export.AGENTS_FILE} is not UTF-8: left alone") from None
    return found


def write_file(root, path, text):
    """Write ``text`` (UTF-8, line endings as they are) through a temporary file and a rename."""
    target = os.path.join(root, *path.split("/"))
    os.makedirs(os.path.dirname(target), exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=".practice-", dir=os.path.dirname(target))
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
        if os.path.exists(target):
            os.chmod(temp, os.stat(target).st_mode & 0o777)
        else:
            os.chmod(temp, 0o644)
        os.replace(temp, target)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise


# -- the server -----------------------------------------------------------------------------------
def read_rules(call, repo):
    """``(repo_name, rules)``: the active rules of ``repo`` (else the server's default repository)
    as :func:`rules_export.plan` takes them; ``call(model, method, *args, **kwargs)``."""
    repos = call("practice.repo", "search_read", [], ["name", "is_default"])
    if repo:
        wanted = repo.strip().lower()
        found = [r for r in repos if (r["name"] or "").lower() == wanted]
    else:
        found = [r for r in repos if r.get("is_default")]
    if not found:
        known = ", ".join(sorted(r["name"] for r in repos)) or "none"
        what = f"unknown repository {repo!r}" if repo else "no default repository"
        raise ExportError(f"{what} (known: {known})")
    chosen = found[0]
    rows = call(
        "practice.rule",
        "search_read",
        [("status", "=", "active"), ("repo_id", "=", chosen["id"])],
        RULE_FIELDS,
        order="id",
    )
    module_ids = sorted({m for row in rows for m in row.get("module_ids") or ()})
    names = {}
    if module_ids:
        names = {m["id"]: m["name"] for m in call("practice.code.module", "read", module_ids, ["name"])}
    rules = [
        {
            "id": row["id"],
            "name": row.get("name") or "",
            "rule": row.get("rule") or "",
            "fix": row.get("fix") or "",
            "severity": row.get("severity") or "",
            "modules": sorted({names[m] for m in row.get("module_ids") or () if m in names}),
        }
        for row in rows
    ]
    return chosen["name"], rules


def exported_agents(existing):
    """The agents whose generated files are already in the work tree (``existing``: what
    :func:`existing_files` read): where an export was made before."""
    found = set()
    for path, text in existing.items():
        if path == rules_export.AGENTS_FILE:
            if rules_export.BEGIN_TOKEN in text:
                found.add(rules_export.AGENTS_MD)
        elif rules_export.is_generated(text):
            found.add(
                rules_export.CLAUDE if path.startswith(rules_export.CLAUDE_DIR) else rules_export.CURSOR
            )
    return tuple(a for a in rules_export.AGENTS if a in found)


def sync(call, root, repo, agents=rules_export.AGENTS, check=False, existing=None):
    """Export ``repo``'s active rules for ``agents`` into the work tree at ``root``: the files
    written (only those whose content changes), removed (generated files of modules without
    rules any more) and left as they were. With ``check`` nothing is written. Returns ``{repo,
    fresh, missing, stale, extra, files, rules}``; :class:`ExportError` for a work tree state
    the export will not touch."""
    repo_name, rules = read_rules(call, repo)
    existing = existing_files(root) if existing is None else existing
    folders = rules_export.module_folders(manifest_paths(root))
    files, delete = rules_export.plan(rules, folders, existing, agents=agents, repo=repo_name)
    found = rules_export.changes(files, delete, existing)
    result = {"repo": repo_name, "fresh": not any(found.values()), **found, "files": sorted(files)}
    result["rules"] = len(rules)
    if not check:
        for path in found["missing"] + found["stale"]:
            write_file(root, path, files[path])
        for path in found["extra"]:
            os.unlink(os.path.join(root, *path.split("/")))
    return result


def refresh(call, root, repo):
    """:func:`sync` for the agents already exported in this work tree; ``None`` when none is
    (nothing is written where nobody asked for an export)."""
    existing = existing_files(root)
    agents = exported_agents(existing)
    if not agents:
        return None
    return sync(call, root, repo, agents=agents, existing=existing)


def refresh_at(call, path, repo):
    """After a vault pull into ``path``: :func:`refresh` of the work tree holding it, as a line
    to show (``None`` when nothing was exported there or nothing changed). Never raises: an
    export problem is the line, the pull itself stands."""
    root = hook_core.work_tree(path) if os.path.isdir(path) else None
    if not root:
        return None
    try:
        result = refresh(call, root, repo)
    except Exception as err:  # ExportError, OSError, the server's refusal: the pull stands
        return f"rules files not refreshed: {err}"
    if result is None or result["fresh"]:
        return None
    return f"rules files refreshed: {summary(result)}"


def summary(result):
    """One line: how many files of which repository a sync wrote, removed or left."""
    written = len(result["missing"]) + len(result["stale"])
    unchanged = len(result["files"]) - written
    return (
        f"{result['rules']} rules of {result['repo']}: {written} written, "
        f"{len(result['extra'])} removed, {unchanged} unchanged"
    )
