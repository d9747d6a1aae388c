"""Map files of a work tree to their Odoo module: the nearest folder holding ``__manifest__.py``.

A module that has no manifest yet (the agent's first Write is often that manifest) is found by
where it lives: a folder matching one of the work tree's module roots (git config
``practice.moduleRoots``, globs separated by commas; default ``addons/*``), or a folder beside
folders that are modules (``*/__manifest__.py`` siblings). Hidden folders never are.

Plain path logic (no server, no git): used by the agent hooks and the git pre-commit guard.
"""

import os

from . import repo_config

MANIFEST = "__manifest__.py"
DEFAULT_MODULE_ROOTS = ("addons/*",)
ROOTS_KEY = "moduleroots"


def glob_match(name, pattern):
    """``fnmatchcase`` for ``*`` and ``?`` (no ``[...]`` classes), without ``re``: the lean hook
    imports this module on every edit and does not load ``re``."""
    n = p = 0
    star, mark = -1, 0
    while n < len(name):
        if p < len(pattern) and pattern[p] in ("?", name[n]) and pattern[p] != "*":
            n, p = n + 1, p + 1
        elif p < len(pattern) and pattern[p] == "*":
            star, mark, p = p, n, p + 1
        elif star != -1:
            p, mark = star + 1, mark + 1
            n = mark
        else:
            return False
    while p < len(pattern) and pattern[p] == "*":
        p += 1
    return p == len(pattern)


def module_roots(root):
    """The work tree's module-root globs (``/``-separated, relative to the top)."""
    value = repo_config.read(root, key=ROOTS_KEY) if root else None
    if not value:
        return DEFAULT_MODULE_ROOTS
    return tuple(p.strip().strip("/") for p in value.split(",") if p.strip().strip("/"))


def unmanifested_module(parts, patterns, sibling_modules):
    """How many leading ``parts`` (the components of a file's path under the top) make the
    folder of a module that has no manifest, or 0.

    ``patterns``: module-root globs; ``sibling_modules(parent_parts)``: names of the folders in
    that folder that are modules. A pattern wins over siblings; the nearest sibling folder wins."""
    for pattern in patterns:
        globs = [g for g in pattern.split("/") if g]
        size = len(globs)
        if 0 < size < len(parts) and all(glob_match(parts[i], globs[i]) for i in range(size)):
            if not any(part.startswith(".") for part in parts[:size]):
                return size
    for size in range(len(parts) - 1, 0, -1):
        if any(part.startswith(".") for part in parts[:size]):
            continue
        if set(sibling_modules(tuple(parts[: size - 1]))) - {parts[size - 1]}:
            return size
    return 0


def _sibling_modules(root):
    def siblings(parent_parts):
        folder = os.path.join(root, *parent_parts)
        try:
            names = os.listdir(folder)
        except OSError:
            return []
        return [
            n for n in names if not n.startswith(".") and os.path.isfile(os.path.join(folder, n, MANIFEST))
        ]

    return siblings


def _inside(path, root):
    try:
        return os.path.commonpath([path, root]) == root
    except ValueError:  # different drives
        return False


def find_module(path, root, cwd=None):
    """``(module_name, module_dir)`` of ``path``, or ``None`` when no folder between the file
    and ``root`` (included) holds a ``__manifest__.py``, or the file is outside ``root``.

    ``path`` may be relative (to ``cwd``, default ``root``) and need not exist yet (a new file)."""
    if not path:
        return None
    root = os.path.realpath(root)
    path = os.path.expanduser(str(path))
    if not os.path.isabs(path):
        path = os.path.join(cwd or root, path)
    path = os.path.realpath(path)
    if not _inside(path, root):
        return None
    folder = path if os.path.isdir(path) else os.path.dirname(path)
    while _inside(folder, root):
        if os.path.isfile(os.path.join(folder, MANIFEST)):
            return os.path.basename(folder), folder
        if folder == root:
            break
        folder = os.path.dirname(folder)
    parts = os.path.relpath(path, root).split(os.sep)
    size = unmanifested_module(parts, module_roots(root), _sibling_modules(root))
    if size:
        return parts[size - 1], os.path.join(root, *parts[:size])
    return None


def modules_of(paths, root, cwd=None):
    """Sorted module names of ``paths`` (files outside any module are left out)."""
    found = set()
    for path in paths:
        hit = find_module(path, root, cwd=cwd)
        if hit:
            found.add(hit[0])
    return sorted(found)
