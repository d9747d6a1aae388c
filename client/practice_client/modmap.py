"""Map files of a work tree to their Odoo module: the nearest folder holding ``__manifest__.py``.

Plain path logic (no server, no git): used by the agent hooks and the git pre-commit guard.
"""

import os

MANIFEST = "__manifest__.py"


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
    return None


def modules_of(paths, root, cwd=None):
    """Sorted module names of ``paths`` (files outside any module are left out)."""
    found = set()
    for path in paths:
        hit = find_module(path, root, cwd=cwd)
        if hit:
            found.add(hit[0])
    return sorted(found)
