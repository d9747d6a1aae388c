"""The module-state vector: which modules are installed here, in which version."""

import hashlib
import json

ABSENT = "uninstalled"


def normalize(rows):
    """``[(name, state, version), ...]`` → sorted list of ``[name, state, version]``.

    Modules that are merely known (uninstalled/uninstallable) are left out: the vector
    says what is installed (or about to change), which keeps it small.
    """
    vector = {}
    for name, state, version in rows:
        if state in ("uninstalled", "uninstallable"):
            continue
        vector[name] = [name, state, version or ""]
    return [vector[name] for name in sorted(vector)]


def vector_hash(vector):
    """sha256 of the canonical JSON of a normalized vector."""
    canonical = json.dumps([list(v) for v in vector], separators=(",", ":"), sort_keys=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _label(entry):
    if entry is None:
        return ABSENT
    _name, state, version = entry
    return f"{state} {version}".strip()


def diff(before, after):
    """Modules whose state or version differs: ``[{"module", "before", "after", "change"}]``."""
    old = {v[0]: v for v in before}
    new = {v[0]: v for v in after}
    changes = []
    for name in sorted(set(old) | set(new)):
        a, b = old.get(name), new.get(name)
        if a is not None and b is not None and list(a) == list(b):
            continue
        if a is None:
            change = "installed" if b[1] == "installed" else b[1]
        elif b is None:
            change = "removed"
        elif a[1] != b[1]:
            change = b[1] if b[1] != "installed" else "installed"
        else:
            change = "version"
        changes.append({"module": name, "before": _label(a), "after": _label(b), "change": change})
    return changes
