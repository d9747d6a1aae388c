"""Shell edits: what a Bash command (or an edit tool) changed in the work tree's modules, and a
best-effort refusal of a command that would write into another session's module (issue 25, 4).

Standard library only, and lean at import (no ``json``, ``re``, ``shlex`` or ``subprocess``
until a function needs them): the PostToolUse hook runs after every tool call that can write.

The hook protocol this module answers (Claude Code's hooks reference,
https://code.claude.com/docs/en/hooks, as quoted by the sources below; checked 2026 with the
``search`` tool, not against a live Claude Code):

* PreToolUse and PostToolUse receive ``tool_name`` and ``tool_input``; for ``Bash`` the
  ``tool_input`` is ``{"command": ..., "description": ..., "timeout": ...}`` (hooks I/O reference
  restated at https://www.claudepluginhub.com/skills/jamie-bitflight-plugin-creator-plugins-plugin-creator-2/hooks-io-api;
  a Claude Code ``Bash`` payload ``{"tool_name": "Bash", "tool_input": {"command": "git status"}}``
  at https://docs.rs/sqz-engine/1.0.6/sqz_engine/tool_hooks/fn.process_hook.html). PostToolUse
  adds ``tool_response``.
* PostToolUse runs after the tool succeeded: it cannot prevent or roll back the call
  (https://www.developersdigest.tech/guides/post-tool-use-hook, pointing at
  https://code.claude.com/docs/en/hooks.md#posttooluse). Its decision control is the top-level
  ``{"decision": "block" | undefined, "reason": ...}`` (the docs' example quoted in
  https://github.com/anthropics/claude-code/issues/19115); ``block`` puts ``reason`` in front of
  Claude, and a PostToolUse answer without ``decision: "block"`` is not shown to Claude
  (https://claudepluginhub.com/skills/terrylica-itp-hooks-plugins-itp-hooks-2/hooks-development).
  Claude still sees the tool's own output as well (anthropics/claude-code#55527). A third-party
  page says newer Claude Code ends the turn on a PostToolUse block unless the hook's settings
  carry ``continueOnBlock: true``
  (https://agentpatterns.ai/tool-engineering/posttooluse-continue-on-block/): not verified
  against the official reference; whoever installs the hook should check it.

What is here:

* :func:`work_tree_stamp`: the work tree's changes as one ``git status`` and a stat of each
  listed path; :func:`before_shell` keeps it in the session's hook state before a Bash command,
  :func:`after_shell` compares after the call and returns the modules (and files) the call
  changed, for the caller to lock; :func:`block_answer` is the PostToolUse answer when such a
  module is another session's, with how to undo exactly what the call did.
* :func:`risky_command`: a PreToolUse refusal of a command line that names a path inside a
  module another session holds together with a writing verb. **Best effort**: it reads the
  command line (``shlex``), not what the command does: a script, ``python -c``, an alias, a
  variable, ``xargs`` input or a tree-wide ``git reset --hard``/``git stash``/``git clean`` are
  not seen. The pre-commit guard (``practice lock guard``) stays the backstop, and
  :func:`after_shell` sees what was changed anyway.
"""

import os

from . import hook_core, locks_mirror, modmap, shell_lean, shell_watch
from .lean_rpc import dumps

# the hook state's keys and the read-only reader live in :mod:`.shell_lean` (the PostToolUse
# hook answers from there without importing this module); the names stay here
from .shell_lean import (  # noqa: F401
    _UNQUOTED_NEVER,
    FIND_WRITES,
    GIT_GLOBAL_FLAGS,
    GIT_GLOBAL_VALUE,
    GIT_READS,
    MAX_READ_ONLY,
    PENDING_KEY,
    READ_ONLY,
    STATE_KEY,
    WATCH_KEY,
    _git_reads,
    _reads_only,
    _redirect_target,
    _simple_commands,
    read_only,
)

MANIFESTS_KEY = "shell_manifests"  # the tracked manifests, with the index they were read from
BYPRODUCT_DIRS = ("__pycache__",)
BYPRODUCT_SUFFIXES = (".pyc", ".pyo")
MAX_LISTED = 40  # files named per undo command in a block answer
MAX_DEPTH = 4  # nested `bash -c`, `find -exec`, `xargs` read by risky_command
MAX_COMMAND = 100_000  # characters of a command line risky_command reads
MAX_PATCH = 2_000_000  # bytes of a patch file read for its paths


# -- the picture of the work tree --------------------------------------------------------------
def _porcelain(out):
    """``[(status, path)]`` of ``git status --porcelain=v1 -z`` output; a rename or copy gives
    its new path with its status and its old path as ``"D "`` (gone from the index)."""
    found, parts, i = [], out.split("\0"), 0
    while i < len(parts):
        item = parts[i]
        i += 1
        if len(item) < 4 or item[2] != " ":
            continue
        status, path = item[:2], item[3:]
        found.append((status, path))
        if "R" in status or "C" in status:
            if i < len(parts) and parts[i]:
                if "R" in status:
                    found.append(("D ", parts[i]))
                i += 1
    return found


def work_tree_stamp(root, path=None):
    """``{path: (status, size, mtime_ns)}`` of every changed or untracked path of the work tree
    at ``root`` (paths relative to the top, ``/``-separated, as git names them; ``status`` the
    porcelain ``XY``; ``size`` and ``mtime_ns`` ``None`` when the path is gone); only ``path``'s
    entry when given (a path relative to the top). One git call (``--no-optional-locks``: never
    in the way of the agent's own git commands) and one ``lstat`` per listed path. ``None`` when
    git fails, cannot run or times out (:data:`.hook_core.GIT_TIMEOUT`)."""
    import subprocess  # hook_core.git imports it anyway

    args = ["--no-optional-locks", "--literal-pathspecs", "status", "--porcelain=v1", "-z"]
    args += ["--untracked-files=all", "--", path] if path else ["--untracked-files=all"]
    try:
        out = hook_core.git(root, *args)
    except (OSError, subprocess.SubprocessError):
        return None
    if out is None:
        return None
    stamp = {}
    for status, path in _porcelain(out):
        try:
            info = os.lstat(os.path.join(root, path))
            stamp[path] = (status, info.st_size, info.st_mtime_ns)
        except OSError:
            stamp[path] = (status, None, None)
    return stamp


def _encode(stamp):
    return {path: list(value) for path, value in stamp.items()}


def _decode(value):
    """The stamp kept in the hook state (JSON lists), or ``None`` when missing or malformed."""
    if not isinstance(value, dict):
        return None
    stamp = {}
    for path, item in value.items():
        if isinstance(path, str) and isinstance(item, list) and len(item) == 3 and isinstance(item[0], str):
            stamp[path] = tuple(item)
    return stamp


def _byproduct(path):
    parts = path.split("/")
    return any(p in BYPRODUCT_DIRS for p in parts[:-1]) or path.endswith(BYPRODUCT_SUFFIXES)


class ChangedFile(str):
    """A path (relative to the top of the work tree) a tool call changed, with its porcelain
    status now (``None``: clean again) and before the call (``None``: it was clean or absent)."""

    status = None
    before = None

    def __new__(cls, path, status=None, before=None):
        self = super().__new__(cls, path)
        self.status, self.before = status, before
        return self


def changes(old, new):
    """The :class:`ChangedFile` list of paths whose stamp differs between ``old`` and ``new``
    (byproducts such as ``__pycache__`` left out), sorted."""
    found = []
    for path in sorted(set(old) | set(new)):
        before, now = old.get(path), new.get(path)
        if before != now and not _byproduct(path):
            found.append(ChangedFile(path, now[0] if now else None, before[0] if before else None))
    return found


def by_module(files, root):
    """``[(module, [files])]`` sorted by module: the files grouped by their module
    (:func:`.modmap.find_module`, asked once per folder); files outside modules left out."""
    seen, groups = {}, {}
    for path in files:
        full = os.path.join(root, path)
        key = full if os.path.isdir(full) else os.path.dirname(full)
        if key not in seen:
            seen[key] = modmap.find_module(full, root)
        hit = seen[key]
        if hit:
            groups.setdefault(hit[0], []).append(path)
    return sorted(groups.items())


def _bash_command(ctx):
    tool_input = ctx.payload.get("tool_input")
    return tool_input.get("command") if isinstance(tool_input, dict) else None


# -- PreToolUse / PostToolUse ------------------------------------------------------------------
def before_shell(ctx):
    """PreToolUse on Bash: keep the work tree's stamp in the session's hook state
    (``shell_stamp``) so PostToolUse can tell what the command changed, after starting the
    session's module watcher (:mod:`.shell_watch`, Linux; it sets its watches while the
    picture is taken) that spares PostToolUse the ``git status`` when nothing in a module
    changed. A stamp that no PostToolUse consumed yet
    (the previous command failed or was interrupted, so no PostToolUse came) is kept, and so is
    that command's watcher: the next PostToolUse then reports both commands' changes. Returns
    nothing."""
    if not ctx.in_git or not ctx.session_id:
        return None
    state = ctx.load_state()
    if state.get(PENDING_KEY) and _decode(state.get(STATE_KEY)) is not None:
        return None
    plan = _watch_plan(ctx, state)
    watcher = shell_watch.start(ctx.state_dir(), ctx.session_id, plan) if plan else None
    stamp = work_tree_stamp(ctx.root)  # while the watcher sets its watches
    watching = shell_watch.ready(watcher)  # before the command runs
    if stamp is not None:
        if watching and not _covered(stamp, plan[1], ctx.root):
            watching = False  # a module in a folder the watcher does not know: git decides
        state[STATE_KEY], state[PENDING_KEY] = _encode(stamp), True
        state[WATCH_KEY] = watching
        ctx.save_state(state)
    return None


def _index_mark(root):
    """The work tree's index as ``inode:size:mtime`` (it changes when git rewrites it)."""
    path = hook_core.git_path(root, "index")
    try:
        info = os.stat(path) if path else None
    except OSError:
        return None
    return f"{info.st_ino}:{info.st_size}:{info.st_mtime_ns}" if info else None


def _watch_plan(ctx, state):
    """The folders :mod:`.shell_watch` watches: the parents of the tracked modules (``git
    ls-files``, asked again only when the index changed) and of the untracked ones of the
    last picture, and the module roots; ``None`` when git cannot list them."""
    if not shell_watch.available():
        return None
    mark = _index_mark(ctx.root)
    cached = state.get(MANIFESTS_KEY)
    if mark and isinstance(cached, dict) and cached.get("mark") == mark:
        manifests = list(cached.get("paths") or [])
    else:
        out = hook_core.git(ctx.root, "ls-files", "-z", "--", f":(glob)**/{modmap.MANIFEST}")
        if out is None:
            return None
        manifests = [p for p in out.split("\0") if p]
        state[MANIFESTS_KEY] = {"mark": mark, "paths": manifests}
    old = _decode(state.get(STATE_KEY)) or {}
    manifests += [p for p in old if p.rsplit("/", 1)[-1] == modmap.MANIFEST]
    return shell_watch.watch_plan(ctx.root, manifests, modmap.module_roots(ctx.root))


def _covered(stamp, parents, root):
    """Whether every module manifest of the picture lies in a folder the watcher watches."""
    known = set(parents)
    for path in stamp:
        if path.rsplit("/", 1)[-1] == modmap.MANIFEST:
            module = os.path.dirname(os.path.join(root, path))
            if os.path.dirname(module) not in known:
                return False
    return True


def _edit_target(ctx):
    """The file an edit tool's call names, relative to the top (``None`` for another tool)."""
    if ctx.payload.get("tool_name") not in hook_core.EDIT_TOOLS:
        return None
    tool_input = ctx.payload.get("tool_input")
    tool_input = tool_input if isinstance(tool_input, dict) else {}
    path = tool_input.get("file_path") or tool_input.get("notebook_path")
    if not isinstance(path, str) or not path.strip() or "\0" in path:
        return ""
    full = os.path.realpath(os.path.join(ctx.cwd, os.path.expanduser(path)))
    return os.path.relpath(full, os.path.realpath(ctx.root)).replace(os.sep, "/")


def after_shell(ctx, changed_hook=None):
    """PostToolUse (Bash and the edit tools): ``[(module, [ChangedFile])]`` of what this call
    changed in modules, comparing the work tree with the stamp kept before (no stamp kept: with
    an empty picture, so every changed file in a module counts); the new stamp is kept. For an
    edit tool only its own file counts (a change made meanwhile by someone else is not this
    call's) and, once a stamp is kept, only that file is asked of git (``git status -- FILE``)
    and updated in the stamp. ``changed_hook(module, files)``, when given, is called for each
    entry after the new stamp is saved (where the caller takes the module's lock). Nothing
    outside git, nothing for a :func:`read_only` Bash command."""
    if not ctx.in_git:
        return []
    if ctx.payload.get("tool_name") == "Bash" and read_only(_bash_command(ctx)):
        return []  # it wrote nothing: the picture kept stays right (no git run)
    state = ctx.load_state()
    old = _decode(state.get(STATE_KEY))
    pending = bool(state.get(PENDING_KEY))
    target = _edit_target(ctx)
    if target is None and shell_lean.watch_clean(ctx, state):
        return []  # the watcher saw no module change: the picture kept stays right
    if target and old is not None:
        if target == ".." or target.startswith("../"):
            return []  # outside the work tree
        part = work_tree_stamp(ctx.root, target)
        if part is None:
            return []
        new = {path: value for path, value in old.items() if path != target}
        new.update(part)
    else:
        new = work_tree_stamp(ctx.root)
        if new is None:
            return []
        state.pop(PENDING_KEY, None)  # a full picture: what a pending stamp waited for is in it
    if old is None or old != new or (pending and PENDING_KEY not in state):
        state[STATE_KEY] = _encode(new)
        ctx.save_state(state)
    if old == new:
        return []
    files = changes(old or {}, new)
    if target is not None:
        files = [f for f in files if f == target]
    found = by_module(files, ctx.root)
    if changed_hook is not None:
        for module, module_files in found:
            changed_hook(module, module_files)
    return found


# -- the PostToolUse block -----------------------------------------------------------------------
def undo_kind(changed):
    """How to undo one :class:`ChangedFile` (a plain path: a tracked file changed by the call):
    ``rm`` (an untracked file the call created), ``git rm -f`` (a file the call created and
    added), ``git checkout`` (a clean tracked file the call changed in the work tree),
    ``git checkout HEAD`` (a clean file whose index the call changed: staged, deleted, moved),
    ``by hand`` (the file had uncommitted changes before the call: git would discard those too)
    or ``lost`` (the call discarded uncommitted changes: git has no copy of them)."""
    status = getattr(changed, "status", " M")
    before = getattr(changed, "before", None)
    if status is None:
        return "lost" if before is not None else "git checkout"
    if before is not None:
        return "by hand"
    if status == "??":
        return "rm"
    if status[0] in "AC" or (status[0] == "R"):
        return "git rm -f"
    if status[0] != " ":
        return "git checkout HEAD"
    return "git checkout"


UNDO = {
    "git checkout": ("git checkout -- {files}", "tracked files, back to their committed version"),
    "git checkout HEAD": ("git checkout HEAD -- {files}", "index and file back to the commit"),
    "rm": ("rm -- {files}", "new untracked files this call created"),
    "git rm -f": ("git rm -f -- {files}", "new files this call created and added"),
}


def _holder_line(holder_text):
    if isinstance(holder_text, dict):  # a holder dict of the server or a .locks/ entry
        return _describe_holder(holder_text)
    return " ".join(str(holder_text or "another session").split())[:600]


def _listed(paths):
    paths = sorted(paths)
    more = len(paths) - MAX_LISTED
    return ", ".join(paths[:MAX_LISTED]) + (f" and {more} more" if more > 0 else "")


def undo_commands(files, root=None):
    """``[(command, what)]``: the shell commands that undo exactly what a call did to ``files``
    (:class:`ChangedFile`; at most :data:`MAX_LISTED` paths per command), each starting with a
    ``cd`` to ``root`` when given; files to revert by hand or lost get none."""
    import shlex

    groups = {}
    for changed in files:
        groups.setdefault(undo_kind(changed), []).append(str(changed))
    cd = f"cd {shlex.quote(str(root))} && " if root else ""
    found = []
    for kind, (template, what) in UNDO.items():
        paths = sorted(groups.get(kind, ()))
        for start in range(0, len(paths), MAX_LISTED):
            chunk = " ".join(shlex.quote(p) for p in paths[start : start + MAX_LISTED])
            found.append((f"{cd}{template.format(files=chunk)}", what))
    return found


def block_answer(module, holder_text, files, root=None):
    """PostToolUse's ``{"decision": "block", "reason": ...}`` (one line of JSON) for a call that
    changed ``files`` of ``module``, held by another session (``holder_text``: who holds it, as
    ``hooks.holder_text`` words it, or the holder dict): names the module, the holder and the
    files, and how to undo only what this call did (:func:`undo_commands`; ``root``: the
    commands start with a ``cd`` there, else they are run from the top of the work tree)."""
    kinds = {}
    for changed in files:
        kinds.setdefault(undo_kind(changed), []).append(str(changed))
    count = len(files)
    lines = [
        f"practice: this tool call changed {count} file{'s' if count != 1 else ''} of module {module}, "
        f"which another session holds: {_holder_line(holder_text)}.",
        "This session may not change that module. Undo what this call did there now"
        + (f" (from {root}):" if root else " (from the top of the work tree):"),
    ]
    lines += [f"  {command}   # {what}" for command, what in undo_commands(files, root)]
    if kinds.get("by hand"):
        lines.append(
            f"  by hand: {_listed(kinds['by hand'])} had uncommitted changes before this call (likely "
            "the holder's): revert only your own edit; `git checkout` would discard theirs too."
        )
    if kinds.get("lost"):
        lines.append(
            f"  lost: this call discarded the uncommitted changes of {_listed(kinds['lost'])}; git "
            "has no copy of them: tell the user, and the holder, what happened."
        )
    lines.append(
        "If a change listed is not this call's (another session works in this same work tree), "
        "leave it alone. Then work on another module, or wait until the lock is released; the "
        "pre-commit guard refuses a commit of that module by this session anyway."
    )
    return dumps({"decision": "block", "reason": "\n".join(lines)})


# -- the undo a block names: let through once ---------------------------------------------------
UNDO_KEY = "undo_allowed"  # in the session's hook state: the undo commands a block named
UNDO_SECONDS = 1800  # how long a named undo stays allowed


def allow_undo(ctx, files, now=None):
    """Remember the undo commands a PostToolUse block just named (:func:`undo_commands`) in the
    session's state, so the shell check lets exactly those through once (it would refuse them
    as writes into the holder's module). They only restore what this session's call changed."""
    import time

    commands = [command for command, _what in undo_commands(files, ctx.root)]
    if not commands or not ctx.session_id:
        return
    state = ctx.load_state()
    at = int(time.time() if now is None else now)
    kept = [item for item in state.get(UNDO_KEY) or [] if isinstance(item, list) and len(item) == 2]
    state[UNDO_KEY] = [*kept, *([command, at] for command in commands)][-20:]
    ctx.save_state(state)


def _bare(command):
    """A command line as compared with a named undo: without a trailing ``# comment`` (the block
    shows one) and surrounding blanks."""
    text = command.strip()
    if "   # " in text:
        text = text.split("   # ", 1)[0].rstrip()
    return text


def take_undo(ctx, command, now=None):
    """``True`` when ``command`` is an undo a block named for this session less than
    :data:`UNDO_SECONDS` ago (with or without its ``cd`` when run from the top of the work
    tree); it is then used up."""
    import time

    if not isinstance(command, str) or not ctx.session_id:
        return False
    state = ctx.load_state()
    items = [item for item in state.get(UNDO_KEY) or [] if isinstance(item, list) and len(item) == 2]
    if not items:
        return False
    at = time.time() if now is None else now
    wanted = _bare(command)
    for item in items:
        named, when = item
        if not isinstance(named, str) or not isinstance(when, int) or at - when > UNDO_SECONDS:
            continue
        bare = named.split(" && ", 1)[1] if named.startswith("cd ") and " && " in named else named
        if wanted == named or (wanted == bare and os.path.realpath(ctx.cwd) == os.path.realpath(ctx.root)):
            state[UNDO_KEY] = [i for i in items if i is not item and at - i[1] <= UNDO_SECONDS]
            ctx.save_state(state)
            return True
    return False


# -- PreToolUse on Bash: a best-effort refusal --------------------------------------------------
def held_by_others(root, session_id):
    """``{module: entry}`` of the ``.locks/`` mirror's live locks held by another session than
    ``session_id`` (the mirror is a hint, refreshed by the hooks; :func:`risky_command` is a
    best-effort check, the guard reads the server). ``{}`` when the mirror cannot be read."""
    try:
        entries = locks_mirror.read_mirror(root)
    except OSError:
        return {}
    return {
        module: entry
        for module, entry in entries.items()
        if entry.get("session") != session_id and locks_mirror.seconds_left(entry) > 0
    }


def _describe_holder(holder):
    """``session S (user) until T UTC ("reason")`` of a server holder dict or a ``.locks/`` entry."""
    holder = holder if isinstance(holder, dict) else {}
    session = holder.get("session_id") or holder.get("session") or "?"
    until = holder.get("expires_at") or holder.get("expires")
    text = f"session {session} ({holder.get('user') or '?'})"
    text += f" until {until} UTC" if until else ""
    reason = " ".join(str(holder.get("reason") or "").split())[:200]
    return text + (f' ("{reason}")' if reason else "")


SEPARATORS = "();<>|&\n"
REDIRECT_OUT = {">", ">>", ">|", "&>", "&>>", ">&", "<>"}
REDIRECT_IN = {"<"}
HEREDOC = {"<<", "<<-", "<<<"}
PREFIXES = {"sudo", "command", "builtin", "exec", "nohup", "time", "nice", "env", "timeout", "stdbuf"}
PREFIX_VALUE_OPTIONS = {"-n", "-u", "-g", "-C", "-s", "-k", "-i", "-o", "-e"}
SHELLS = {"sh", "bash", "zsh", "dash", "ksh"}


def _lex(text):
    """Shell words and operator tokens of one command line (quotes resolved; newlines kept as
    tokens; ``#`` starts a comment at a word's start). A line that does not tokenize (an
    unbalanced quote, often in a here-document) falls back to line by line, then to blanks."""
    import shlex

    def one(part):
        lexer = shlex.shlex(part, posix=True, punctuation_chars=SEPARATORS)
        lexer.whitespace, lexer.whitespace_split, lexer.commenters = " \t\r", True, ""
        return list(lexer)

    try:
        tokens = one(text)
    except ValueError:
        tokens = []
        for line in text.split("\n"):
            try:
                tokens.extend(one(line))
            except ValueError:
                tokens.extend(line.split())
            tokens.append("\n")
    found, comment = [], False
    for token in _split_newlines(tokens):
        if token == "\n":
            comment = False
        elif comment or token.startswith("#"):
            comment = True
            continue
        found.append(token)
    return found


def _split_newlines(tokens):
    """Operator tokens holding newlines (a ``;`` then a newline, two newlines) as the operator
    and one newline token per newline."""
    for token in tokens:
        if "\n" in token and _operator(token):
            for pos, piece in enumerate(token.split("\n")):
                if pos:
                    yield "\n"
                if piece:
                    yield piece
        else:
            yield token


def _operator(token):
    return bool(token) and all(ch in SEPARATORS for ch in token)


def _segments(tokens):
    """``[(argv, out_targets, in_files)]``: simple commands split at operators, with the files
    their output redirections write and their input redirections read; here-document bodies
    are skipped."""
    found, argv, outs, ins = [], [], [], []
    heredocs, i = [], 0
    while i < len(tokens):
        token = tokens[i]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if token == "\n" and heredocs:
            found.append((argv, outs, ins))
            argv, outs, ins = [], [], []
            i += 1  # skip the body: lines up to each delimiter in turn
            while heredocs and i < len(tokens):
                line = []
                while i < len(tokens) and tokens[i] != "\n":
                    line.append(tokens[i])
                    i += 1
                i += 1
                if line == [heredocs[0]]:
                    heredocs.pop(0)
            heredocs = []
            continue
        if token in REDIRECT_OUT or token in REDIRECT_IN or token in HEREDOC:
            if argv and argv[-1].isdigit():
                argv.pop()  # the fd of `2>file`
            if nxt is not None and not _operator(nxt):
                if token in REDIRECT_IN:
                    ins.append(nxt)
                elif token in HEREDOC:
                    if token != "<<<":
                        heredocs.append(nxt[1:] if token == "<<" and nxt.startswith("-") else nxt)
                elif not (token == ">&" and (nxt.isdigit() or nxt == "-")):
                    outs.append(nxt)
                i += 2
                continue
        if _operator(token):
            found.append((argv, outs, ins))
            argv, outs, ins = [], [], []
            i += 1
            continue
        argv.append(token)
        i += 1
    found.append((argv, outs, ins))
    return [segment for segment in found if any(segment)]


def _plain_args(args, value_options=()):
    """Non-option words of ``args`` (``--`` ends options; options in ``value_options`` take
    the next word as their value)."""
    found, i, options = [], 0, True
    while i < len(args):
        arg = args[i]
        if options and arg == "--":
            options = False
        elif options and arg.startswith("-") and arg != "-":
            if arg in value_options:
                i += 1
        else:
            found.append(arg)
        i += 1
    return found


def _in_place(args):
    """Whether sed/perl options edit in place: ``--in-place`` or a short-option cluster holding
    ``i`` before a letter whose value follows (``-i.bak``, ``-ni``, ``-pi``; not ``-e 'si'``)."""
    for arg in args:
        if arg == "--":
            break
        if arg.startswith("--"):
            if arg.startswith("--in-place"):
                return True
        elif arg.startswith("-") and len(arg) > 1:
            for letter in arg[1:]:
                if letter == "i":
                    return True
                if letter in "efElx":
                    break
    return False


def _script_targets(args, stop):
    """Files of a sed/perl call: non-option words, without the values of ``-e``/``-f`` and
    without the script itself when no ``-e`` was given."""
    found, i, options, given = [], 0, True, False
    while i < len(args):
        arg = args[i]
        if options and arg == "--":
            options = False
        elif options and arg.startswith("--"):
            if arg in ("--expression", "--file"):
                given, i = True, i + 1
            given |= arg.startswith(("--expression=", "--file="))
        elif options and arg.startswith("-") and len(arg) > 1:
            for pos, letter in enumerate(arg[1:], 1):
                if letter == "i":
                    break  # -i[SUFFIX]: the rest is the suffix
                if letter in stop:
                    given = True
                    if pos == len(arg) - 1:
                        i += 1  # the value is the next word
                    break
        else:
            found.append(arg)
        i += 1
    return found if given else found[1:]


def _patch_paths(path, strip):
    """Paths a patch file names (``---``/``+++``/``diff --git`` lines), ``strip`` leading
    components removed (``None``: as written and with one removed). Only a regular file is
    read (never a pipe or a device that would block the hook)."""
    if not os.path.isfile(path):
        return []
    try:
        with open(path, "rb") as handle:
            text = handle.read(MAX_PATCH).decode("utf-8", errors="replace")
    except OSError:
        return []
    names = []
    for line in text.split("\n"):
        if line.startswith(("--- ", "+++ ")):
            names.append(line[4:].split("\t")[0].strip())
        elif line.startswith("diff --git "):
            names.extend(line[11:].split())
    found = []
    for name in names:
        if not name or name == "/dev/null":
            continue
        parts = name.split("/")
        for n in (0, 1) if strip is None else (strip,):
            if len(parts) > n:
                found.append("/".join(parts[n:]))
    return found


def _strip_level(args):
    for i, arg in enumerate(args):
        value = arg[2:] if arg.startswith("-p") and len(arg) > 2 else None
        if arg == "-p" and i + 1 < len(args):
            value = args[i + 1]
        if arg.startswith("--strip="):
            value = arg[8:]
        if value is not None and value.isdigit():
            return int(value)
    return None


def _git_targets(args, cwd, ins):
    """``(verb, paths, cwd)`` of a git call that writes files, or ``None``."""
    i = 0
    while i < len(args) and args[i].startswith("-"):
        if args[i] == "-C" and i + 1 < len(args):
            cwd = os.path.join(cwd, os.path.expanduser(args[i + 1]))
            i += 1
        elif args[i] in ("-c", "--git-dir", "--work-tree", "--namespace"):
            i += 1
        i += 1
    if i >= len(args):
        return None
    sub, rest = args[i], args[i + 1 :]
    verb = f"git {sub}"
    if sub == "checkout":
        if "--" in rest:
            return verb, rest[rest.index("--") + 1 :], cwd
        words = _plain_args(rest, {"-b", "-B", "--orphan", "--conflict"})
        return verb, [w for w in words if os.path.lexists(os.path.join(cwd, os.path.expanduser(w)))], cwd
    if sub == "restore":
        return verb, _plain_args(rest, {"-s", "--source"}), cwd
    if sub in ("rm", "mv"):
        return verb, _plain_args(rest), cwd
    if sub == "apply":
        patches = _plain_args(rest, {"--directory", "--exclude", "--include", "-C"}) or ins
        strip = _strip_level(rest)
        paths = [p for patch in patches for p in _patch_paths(os.path.join(cwd, patch), strip)]
        return verb, paths, cwd
    return None


def _targets(argv, cwd, ins, depth):
    """``(verb, paths, cwd)`` for each write one simple command makes, as far as its command
    line tells; ``cd DIR`` changes the folder of the commands after it."""
    while argv and "=" in argv[0] and not argv[0].startswith("=") and argv[0].split("=")[0].isidentifier():
        argv = argv[1:]  # NAME=value before the command
    while argv and os.path.basename(argv[0]) in PREFIXES:
        argv = argv[1:]
        while argv and (argv[0].startswith("-") or ("=" in argv[0] and argv[0].split("=")[0].isidentifier())):
            argv = argv[2:] if argv[0] in PREFIX_VALUE_OPTIONS else argv[1:]
        if argv and argv[0][:1].isdigit():
            argv = argv[1:]  # timeout's duration
    if not argv:
        return []
    name, args = os.path.basename(argv[0]), argv[1:]
    if name == "cd":
        return [("cd", args[:1], cwd)]
    if name == "sed":
        return [("sed -i", _script_targets(args, "efl"), cwd)] if _in_place(args) else []
    if name == "perl":
        return [("perl -i", _script_targets(args, "eE"), cwd)] if _in_place(args) else []
    if name == "tee":
        return [("tee", _plain_args(args), cwd)]
    if name in ("mv", "rm", "rmdir", "unlink", "touch", "shred"):
        return [(name, _plain_args(args, {"-t", "--target-directory"}) + _option_values(args, "-t"), cwd)]
    if name == "truncate":
        return [(name, _plain_args(args, {"-s", "-r", "--size", "--reference"}), cwd)]
    if name in ("cp", "ln", "install", "rsync"):
        words = _plain_args(args, {"-t", "--target-directory", "-m", "-o", "-g", "-S", "--suffix"})
        dest = _option_values(args, "-t") or words[-1:]
        return [(name, dest, cwd)] if len(words) + len(_option_values(args, "-t")) > 1 else []
    if name == "dd":
        return [(name, [a[3:] for a in args if a.startswith("of=")], cwd)]
    if name == "patch":
        words = _plain_args(args, {"-i", "--input", "-p", "-d", "--directory", "-o", "-B", "-r", "-D", "-F"})
        base = cwd
        for directory in _option_values(args, "-d"):
            base = os.path.join(cwd, directory)
        patches = _option_values(args, "-i") or words[1:2] or ins
        paths = words[:1] + [
            p for patch in patches for p in _patch_paths(os.path.join(cwd, patch), _strip_level(args))
        ]
        return [(name, paths, base)]
    if name == "git":
        hit = _git_targets(args, cwd, ins)
        return [hit] if hit else []
    if depth >= MAX_DEPTH:
        return []
    if name in SHELLS:
        for i, arg in enumerate(args):
            if arg.startswith("-") and "c" in arg[1:] and not arg.startswith("--") and i + 1 < len(args):
                return _command_targets(args[i + 1], cwd, depth + 1)
        return []
    if name == "xargs":
        words = list(args)
        while words and words[0].startswith("-"):
            words = words[2:] if words[0] in ("-I", "-n", "-P", "-d", "-L", "-s", "-E", "-a") else words[1:]
        return _targets(words, cwd, [], depth + 1)
    if name == "find":
        starts = []
        for arg in args:
            if arg.startswith(("-", "(", "!")):
                break
            starts.append(arg)
        found = [("find -delete", starts or ["."], cwd)] if "-delete" in args else []
        for i, arg in enumerate(args):
            if arg in ("-exec", "-execdir", "-ok", "-okdir"):
                inner = []
                for word in args[i + 1 :]:
                    if word in (";", "+"):
                        break
                    inner.extend((starts or ["."]) if word == "{}" else [word])
                found.extend(_targets(inner, cwd, [], depth + 1))
        return found
    return []


def _option_values(args, option):
    return [args[i + 1] for i, arg in enumerate(args[:-1]) if arg == option]


def _command_targets(command, cwd, depth=0):
    found = []
    for argv, outs, ins in _segments(_lex(command)):
        if outs:
            found.append(("> (redirection)", outs, cwd))
        for verb, paths, base in _targets(argv, cwd, ins, depth):
            if verb == "cd":
                if paths and not paths[0].startswith("$") and paths[0] != "-":
                    cwd = os.path.join(cwd, os.path.expanduser(paths[0]))
                continue
            found.append((verb, paths, base))
    return found


def risky_command(command, root, cwd, held_by_others):
    """A PreToolUse deny reason for a shell ``command`` that would write (``sed -i``, ``perl -i``,
    ``tee``, ``>``/``>>``, ``mv``, ``cp``'s destination, ``rm``, ``truncate``, ``touch``, ``dd of=``,
    ``git checkout --``/``restore``/``rm``/``mv``/``apply``, ``patch``, also inside ``bash -c``,
    ``find -exec``/``-delete`` and after ``cd``) a path inside a module of ``held_by_others``
    (``{module: holder dict}``), or ``None``. Paths are relative to ``cwd``; modules as
    :func:`.modmap.find_module` finds them under ``root``.

    Best effort, never raises: it reads the command line only (see the module's docstring);
    the pre-commit guard stays the backstop."""
    if not held_by_others or not isinstance(command, str) or not command.strip():
        return None
    try:
        found = _command_targets(command[:MAX_COMMAND], cwd)
    except (ValueError, RecursionError, OSError):
        return None
    for verb, paths, base in found:
        for path in paths:
            if not isinstance(path, str) or not path or path.startswith("$") or "\0" in path:
                continue
            try:
                hit = modmap.find_module(path, root, cwd=base)
            except (OSError, ValueError):
                continue
            if hit and hit[0] in held_by_others:
                module = hit[0]
                full = os.path.normpath(os.path.join(base, os.path.expanduser(path)))
                shown = os.path.relpath(full, root) if hook_core._within(full, str(root)) else path
                return (
                    f"practice: this command writes {shown} ({verb}) inside module {module}, held by "
                    f"{_describe_holder(held_by_others[module])}. This session may not change "
                    "another session's module: work on another module, or wait until the lock is "
                    f"released (`practice lock list`). This check reads the command line "
                    "only (best effort); the pre-commit guard stays the backstop."
                )
    return None


def keep_stamp(ctx):
    """Keep the work tree's picture now, nothing pending (session start: what is already changed
    when the session begins is not its own)."""
    if not ctx.in_git or not ctx.session_id:
        return
    stamp = work_tree_stamp(ctx.root)
    if stamp is not None:
        state = ctx.load_state()
        state[STATE_KEY] = _encode(stamp)
        state.pop(PENDING_KEY, None)
        ctx.save_state(state)


def plan_bash(ctx):
    """PreToolUse on Bash, lean and full path alike: a deny reason when the command line writes
    into a module another session holds (:func:`risky_command`, read from the ``.locks/``
    mirror: a hint that can only refuse, never allow), else ``None`` after keeping the work
    tree's stamp for the PostToolUse that follows (:func:`before_shell`; a denied command never
    runs, so it keeps none)."""
    if not ctx.in_git:
        return None
    command = _bash_command(ctx)
    if read_only(command):
        return None  # writes nothing: no refusal to make, no picture to keep
    if take_undo(ctx, command):  # the undo a block named: restores only this session's change
        before_shell(ctx)
        return None
    reason = risky_command(command, ctx.root, ctx.cwd, held_by_others(ctx.root, ctx.session_id))
    if reason is None:
        before_shell(ctx)
    return reason
