"""The repository a work tree works in: ``practice.repo`` in its git config, written by
``practice init --repo NAME`` (``git config practice.repo NAME``).

Every part of the client resolves the repository the same way (:func:`resolve`): a flag, else
``PRACTICE_REPO``, else this work tree's ``practice.repo``, else the server's default. The
config is read here without running git (the lean PreToolUse hook reads it on every edit):
``.git/config`` of the work tree, or for a linked worktree (``.git`` is a file naming its git
dir) the shared config of the main repository and then the worktree's own
``config.worktree``. Standard library only.
"""

import os

ENV = "PRACTICE_REPO"
SECTION, KEY = "practice", "repo"
CONFIG_KEY = f"{SECTION}.{KEY}"
MAX_CONFIG_BYTES = 1_000_000


def _read_text(path):
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_CONFIG_BYTES + 1)
    except OSError:
        return None
    if len(data) > MAX_CONFIG_BYTES:
        return None
    return data.decode("utf-8", errors="replace")


def git_dirs(root):
    """``(git dir, common dir)`` of the work tree ``root`` (equal outside linked worktrees);
    ``(None, None)`` when there is none."""
    dot_git = os.path.join(root, ".git")
    if os.path.isdir(dot_git):
        return dot_git, dot_git
    text = _read_text(dot_git) if os.path.isfile(dot_git) else None
    if not text or not text.startswith("gitdir:"):
        return None, None
    git_dir = text[len("gitdir:") :].strip()
    git_dir = os.path.normpath(os.path.join(root, git_dir))
    common = _read_text(os.path.join(git_dir, "commondir"))
    common_dir = os.path.normpath(os.path.join(git_dir, common.strip())) if common else git_dir
    return git_dir, common_dir


def _value(raw):
    """A git config value: quotes removed, an unquoted ``#``/``;`` starts a comment."""
    out, quoted, index = [], False, 0
    while index < len(raw):
        char = raw[index]
        if char == '"':
            quoted = not quoted
        elif char == "\\" and index + 1 < len(raw):
            index += 1
            out.append({"n": "\n", "t": "\t"}.get(raw[index], raw[index]))
        elif char in "#;" and not quoted:
            break
        else:
            out.append(char)
        index += 1
    return "".join(out).strip()


def parse(text, section=SECTION, key=KEY):
    """The last value of ``section.key`` in git config ``text`` (names are case-insensitive;
    ``[section "sub"]`` is another section); ``None`` when absent."""
    found, current = None, None
    for line in text.splitlines():
        line = line.strip()
        if not line or line[0] in "#;":
            continue
        if line.startswith("["):
            head = line[1 : line.find("]")] if "]" in line else ""
            current = head.strip().lower() if '"' not in head and " " not in head.strip() else None
            rest = line[line.find("]") + 1 :].strip() if "]" in line else ""
            if not rest:
                continue
            line = rest  # `[practice] repo = x` on one line
        if current != section:
            continue
        name, _, raw = line.partition("=")
        if name.strip().lower() == key:
            found = _value(raw) if _ else "true"
    return found


def read(root, key=KEY):
    """This work tree's ``practice.<key>`` (default ``practice.repo``; ``None`` when unset or
    outside git)."""
    if not root:
        return None
    git_dir, common_dir = git_dirs(root)
    if not git_dir:
        return None
    value = None
    for path in (os.path.join(common_dir, "config"), os.path.join(git_dir, "config.worktree")):
        text = _read_text(path)
        found = parse(text, key=key) if text else None
        value = found if found is not None else value
    return value or None


def resolve(env, root, flag=None):
    """The repository to act on: ``flag``, else ``PRACTICE_REPO`` of ``env``, else the work tree
    ``root``'s ``practice.repo``, else ``None`` (the server's default)."""
    for value in (flag, env.get(ENV)):
        if isinstance(value, str) and value.strip():
            return value.strip()
    return read(root)


# the target database of this work tree (`practice init --target-url/--target-db/--target-login`):
# git config practice.targetUrl, practice.targetDb, practice.targetLogin; never a secret
TARGET_KEYS = {"url": "targeturl", "db": "targetdb", "login": "targetlogin"}


def read_target(root):
    """``{"url", "db", "login"}`` of this work tree's target config (only the keys set)."""
    found = {}
    for name, key in TARGET_KEYS.items():
        value = read(root, key=key)
        if value:
            found[name] = value
    return found
