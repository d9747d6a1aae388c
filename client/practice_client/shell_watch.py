"""Did a shell command change a module? A one-shot Linux inotify watcher per command.

The PostToolUse hook of a Bash command that may write compares the work tree with the picture
kept before (``git status``): about 20 ms of git for the common case, a test run or a build that
changed nothing in any module. This module removes that work. PreToolUse starts a watcher —
a detached process that watches the module folders with inotify(7) — *before* it takes its
picture; PostToolUse asks the watcher over a named pipe (:mod:`.shell_lean`): ``clean`` (no event in a module since
it started) means nothing to compare, no git. Any doubt falls back to ``git status``: no
watcher (not Linux, no inotify, too many folders, module roots this cannot list), a watcher
that died, saw a change, overflowed its queue or does not answer in time.

What is watched: every folder of the module parents (the folders holding a ``__manifest__.py``
module, and the module roots ``A/*``: :func:`.modmap.module_roots`) recursively, for changes
of entries (``__pycache__`` and ``.pyc`` byproducts left out), and the parents themselves for
folders created, moved or deleted (a new module). Events are queued by the kernel when the
command writes, before PostToolUse runs; the watcher reads its whole queue before it answers.

The watcher is one-shot: it answers once, or exits at its first change (its pipe then has no
reader and PostToolUse runs git), or after :data:`MAX_LIFE` seconds. A new PreToolUse of the same
session replaces a watcher still waiting (its PostToolUse then finds the new one's verdict only
when nothing changed since the new one started, which is what the picture also says).
"""

import os

# the client side (is the watcher there, what does it answer) lives in :mod:`.shell_lean`
from .shell_lean import ASK_TIMEOUT, _address, _ask, available, nothing_changed  # noqa: F401

MANIFEST = "__manifest__.py"
MAX_LIFE = 1800  # seconds a watcher waits for its PostToolUse
MAX_DIRS = 2000  # folders watched at most; more: no watcher (git decides)
READY_TIMEOUT = 2.0  # seconds PreToolUse waits for the watcher's watches
BYPRODUCTS = ("__pycache__",)
BYPRODUCT_SUFFIXES = (".pyc", ".pyo")

# inotify(7)
IN_MODIFY = 0x2
IN_ATTRIB = 0x4
IN_MOVED_FROM = 0x40
IN_MOVED_TO = 0x80
IN_CREATE = 0x100
IN_DELETE = 0x200
IN_DELETE_SELF = 0x400
IN_MOVE_SELF = 0x800
IN_Q_OVERFLOW = 0x4000
IN_ISDIR = 0x40000000
IN_ONLYDIR = 0x01000000
IN_DONT_FOLLOW = 0x02000000
IN_NONBLOCK = 0o4000
IN_CLOEXEC = 0o2000000
ENTRY_CHANGES = IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF
TREE_MASK = ENTRY_CHANGES | IN_MODIFY | IN_ATTRIB | IN_ONLYDIR | IN_DONT_FOLLOW
PARENT_MASK = ENTRY_CHANGES | IN_ONLYDIR | IN_DONT_FOLLOW


# -- what to watch -----------------------------------------------------------------------------
def _plain(part):
    return part and not any(c in part for c in "*?[")


def watch_plan(root, manifests, roots):
    """``(tree_folders, parents)`` to watch, absolute paths, or ``None`` when this cannot say
    which folders hold modules (a module-root glob with a wildcard above its last part, or more
    than :data:`MAX_DIRS` folders): then git decides. ``manifests``: paths (relative to the top)
    of the work tree's ``__manifest__.py`` files; ``roots``: the module-root globs."""
    parents = set()
    for path in manifests:
        module = os.path.dirname(path)
        parents.add(os.path.dirname(module) if module else None)
    for pattern in roots:
        parts = [p for p in pattern.split("/") if p]
        if not parts:
            continue
        if not all(_plain(p) for p in parts[:-1]):
            return None
        parents.add("/".join(parts[:-1]))
    if None in parents:
        return None  # a manifest at the top: the whole tree would be a module
    parents = sorted(os.path.join(root, p) if p else root for p in parents)
    trees = []
    for parent in parents:
        try:
            entries = list(os.scandir(parent))
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith(".") or entry.name in BYPRODUCTS:
                continue
            if entry.is_dir(follow_symlinks=False) and not _walk_dirs(entry.path, trees):
                return None
    return trees, parents


def _walk_dirs(folder, found):
    """Append ``folder`` and its sub-folders (``__pycache__`` left out) to ``found``; false
    when there are more than :data:`MAX_DIRS`."""
    stack = [folder]
    while stack:
        current = stack.pop()
        found.append(current)
        if len(found) > MAX_DIRS:
            return False
        try:
            with os.scandir(current) as entries:
                for entry in entries:
                    if entry.name not in BYPRODUCTS and entry.is_dir(follow_symlinks=False):
                        stack.append(entry.path)
        except OSError:
            continue
    return True


# -- PreToolUse: start -------------------------------------------------------------------------
def start(state_dir, session_id, plan):
    """Start this session's watcher over ``plan`` (:func:`watch_plan`), replacing one still
    waiting. Returns a handle for :func:`ready` (``None``: no watcher): the caller takes its
    picture of the work tree meanwhile, the watcher's imports and watches take as long."""
    if not available() or not plan or not state_dir:
        return None
    address = _address(state_dir, session_id)
    _ask(address, b"q")  # a watcher of an earlier command still waiting: it goes
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: fork again so nobody waits for the watcher
        try:
            os.close(read_end)
            os.setsid()
            if os.fork() == 0:
                _detach(write_end)
                _watch(address, plan, write_end)
        finally:
            os._exit(0)
    os.close(write_end)
    os.waitpid(pid, 0)
    return read_end


def ready(handle):
    """Whether the watcher ``handle`` (:func:`start`) has its watches in place (waits up to
    :data:`READY_TIMEOUT`); the command may run only after this."""
    if handle is None:
        return False
    import select  # only the hooks of writing commands pay for it

    try:
        readable, _w, _x = select.select([handle], [], [], READY_TIMEOUT)
        return bool(readable) and os.read(handle, 1) == b"1"
    finally:
        os.close(handle)


def _detach(keep):
    """The watcher keeps no descriptor of the hook but ``keep``: the agent reads the hook's
    output until every writer closed it."""
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.closerange(3, keep)
    os.closerange(keep + 1, 65536)


def _watch(address, plan, ready_fd):
    import ctypes  # the watcher only
    import select
    import time

    libc = ctypes.CDLL(None, use_errno=True)
    inotify = libc.inotify_init1(IN_NONBLOCK | IN_CLOEXEC)
    if inotify < 0:
        return
    trees, parents = plan
    kinds = {}
    for folders, mask, kind in ((trees, TREE_MASK, "tree"), (parents, PARENT_MASK, "parent")):
        for folder in folders:
            wd = libc.inotify_add_watch(inotify, os.fsencode(folder), mask)
            if wd < 0:
                return  # no watch, no verdict: the pipes are never read, git decides
            kinds[wd] = kind
    try:
        os.makedirs(os.path.dirname(address), exist_ok=True)
        for path in (address + ".ask", address + ".answer"):
            if os.path.lexists(path):
                os.unlink(path)  # the pipes of a watcher this one replaces (told to go)
            os.mkfifo(path, 0o600)
        # read-write: the pipe never reads as ended between two askers
        questions = os.open(address + ".ask", os.O_RDWR | os.O_NONBLOCK)
    except OSError:
        return  # no pipe, no verdict: git decides
    os.write(ready_fd, b"1")
    os.close(ready_fd)
    deadline = time.monotonic() + MAX_LIFE
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return
        readable, _w, _x = select.select([inotify, questions], [], [], left)
        if inotify in readable and changed(_read_events(inotify), kinds):
            return  # a change: nobody reads the pipe any more, PostToolUse asks git
        if questions in readable:
            try:
                question = os.read(questions, 16)
            except BlockingIOError:
                continue
            if question[:1] != b"?":
                return  # "q": a new command's watcher replaces this one, or the session ended
            # the command is over: every event it caused is queued; read them all
            verdict = b"dirty" if changed(_read_events(inotify), kinds) else b"clean"
            try:
                answer = os.open(address + ".answer", os.O_WRONLY | os.O_NONBLOCK)  # ENXIO: gone
                try:
                    os.write(answer, verdict)
                finally:
                    os.close(answer)
            except OSError:
                pass
            return


def _read_events(fd):
    """``[(wd, mask, name)]`` of every queued event (non-blocking)."""
    import struct

    events = []
    while True:
        try:
            data = os.read(fd, 65536)
        except BlockingIOError:
            return events
        except OSError:
            return events + [(-1, IN_Q_OVERFLOW, b"")]
        if not data:
            return events
        offset = 0
        while offset + 16 <= len(data):
            wd, mask, _cookie, size = struct.unpack_from("iIII", data, offset)
            name = data[offset + 16 : offset + 16 + size].rstrip(b"\0")
            events.append((wd, mask, name))
            offset += 16 + size


def changed(events, kinds):
    """Whether any of ``events`` is a change of a module: an entry of a watched module folder
    (byproducts left out), or a folder created, moved or deleted in a parent; a queue overflow
    counts as a change."""
    for wd, mask, name in events:
        if mask & IN_Q_OVERFLOW:
            return True
        text = os.fsdecode(name)
        if text in BYPRODUCTS or text.endswith(BYPRODUCT_SUFFIXES):
            continue
        kind = kinds.get(wd)
        if kind == "tree":
            return True
        if kind == "parent" and (mask & (IN_ISDIR | IN_DELETE_SELF | IN_MOVE_SELF)):
            if not text.startswith("."):
                return True
    return False


def stop(state_dir, session_id):
    """Session end: this session's watcher, if one still waits, goes."""
    if available() and state_dir and session_id:
        address = _address(state_dir, session_id)
        _ask(address, b"q")
        for path in (address + ".ask", address + ".answer"):
            try:
                os.unlink(path)
            except OSError:
                pass
