"""Map files of a work tree to their Odoo module: the nearest folder holding ``__manifest__.py``.

A module that has no manifest yet (the agent's first Write is often that manifest) is found by
where it lives: a folder matching one of the work tree's module roots (git config
``practice.moduleRoots``, globs separated by commas; default ``addons/*``), or a folder beside
folders that are modules (``*/__manifest__.py`` siblings). Hidden folders never are.

Plain path logic (no server, no git): used by the agent hooks and the git pre-commit guard.
"""

# the code lives in :mod:`.lean` (one module for the lean hooks to import); this name stays
from .lean import (  # noqa: F401
    DEFAULT_MODULE_ROOTS,
    MANIFEST,
    ROOTS_KEY,
    _sibling_modules,
    find_module,
    glob_match,
    module_roots,
    modules_of,
    unmanifested_module,
)
