"""The lean half of the shell hooks: what the PostToolUse hook of a Bash command needs to answer
"nothing changed" without :mod:`.hook_shell` (a thousand lines to import: a share of every
hook's time): whether a command line can write at all (:func:`read_only`), and the verdict of
the session's module watcher (:mod:`.shell_watch`) asked over its named pipes
(:func:`watch_clean`). Standard library only: ``os``, no ``_socket``.
:mod:`.hook_shell` and :mod:`.shell_watch` re-export these names.
"""

import os
import sys

from .lean import plain_name, sha256_hex

STATE_KEY = "shell_stamp"
PENDING_KEY = "shell_stamp_pending"  # set by before_shell, cleared by after_shell
WATCH_KEY = "shell_watch"  # before_shell started a watcher for the pending stamp
ASK_TIMEOUT = 1.0  # seconds PostToolUse waits for the verdict


# -- commands that cannot write ----------------------------------------------------------------
# Programs that write no file whatever their arguments (output redirections are read apart);
# find, rg and git only with the arguments READ_ONLY_ARGS allows. A path (/bin/ls), an
# assignment (X=1 ls), a wrapper (sudo, time, xargs) or anything else is not read-only.
READ_ONLY = frozenset(
    "basename cat cd cmp df diff dirname du echo egrep false fgrep grep head ls printf pwd "
    "readlink realpath stat tail test true type wc which [".split()
)
FIND_WRITES = frozenset("-delete -exec -execdir -ok -okdir -fprint -fprint0 -fprintf -fls".split())
GIT_READS = frozenset("blame describe diff grep log ls-files rev-parse shortlog show status".split())
GIT_GLOBAL_VALUE = frozenset(("-C",))  # global options taking the next word
GIT_GLOBAL_FLAGS = frozenset(("--no-pager", "-P", "--no-optional-locks", "--literal-pathspecs"))
MAX_READ_ONLY = 4000  # characters: a longer command line is not looked at
_UNQUOTED_NEVER = frozenset("`$(){}\\!#<")  # substitutions, subshells, escapes, input redirections


def _git_reads(args):
    i = 0
    while i < len(args) and args[i].startswith("-"):
        if args[i] in GIT_GLOBAL_VALUE:
            i += 2
        elif args[i] in GIT_GLOBAL_FLAGS:
            i += 1
        else:
            return False  # -c, --exec-path, --config-env …: could run or configure anything
    return (
        i < len(args)
        and args[i] in GIT_READS
        and not any(arg.startswith("--output") or arg == "--ext-diff" for arg in args[i + 1 :])
    )


def _reads_only(argv):
    name, args = argv[0], argv[1:]
    if name in READ_ONLY:
        return True
    if name == "find":
        return not any(arg in FIND_WRITES for arg in args)
    if name == "rg":
        return not any(arg.startswith("--pre") for arg in args)
    return name == "git" and _git_reads(args)


def _redirect_target(text, i):
    """Index after an output redirection starting at ``text[i] == ">"`` that writes no file
    (``>&2``, ``2>&1``, ``>/dev/null``, ``>> /dev/null``), else ``None``."""
    i += 1
    if i < len(text) and text[i] in ">|":
        i += 1
    if i < len(text) and text[i] == "&":
        j = i + 1
        while j < len(text) and text[j].isdigit():
            j += 1
        return j if j > i + 1 else None
    while i < len(text) and text[i] in " \t":
        i += 1
    end = i
    while end < len(text) and text[end] not in " \t\n;&|":
        end += 1
    return end if text[i:end] == "/dev/null" else None


def _simple_commands(text):
    """The argv of each simple command of ``text`` split at ``|``, ``||``, ``&&``, ``;`` and
    newlines (quotes resolved), or ``None`` for anything this reader does not follow: a
    substitution, subshell, escape, background job, input redirection, here-document, an
    output redirection into a file, an unbalanced quote, ``$`` or a backquote in double quotes.
    A small reader on purpose: ``shlex`` loads ``re``, a third of a hook's time."""
    commands, argv, word, started, quote, i = [], [], [], False, None, 0
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == quote:
                quote = None
            elif quote == '"' and ch in "$`\\":
                return None
            else:
                word.append(ch)
            i += 1
            continue
        if ch in "'\"":
            quote, started = ch, True
        elif ch in " \t":
            pass
        elif ch in _UNQUOTED_NEVER:
            return None
        elif ch == ">" or (ch == "&" and text[i + 1 : i + 2] == ">"):
            if ch == "&":
                i += 1
            elif word and "".join(word).isdigit():
                word, started = [], False  # the fd of 2>…
            end = _redirect_target(text, i)
            if end is None:
                return None
            if started:
                argv.append("".join(word))
                word, started = [], False
            i = end
            continue
        elif ch in "|;&\n\r":
            if ch == "&" and text[i + 1 : i + 2] != "&":
                return None  # a background job
            if ch in "|&" and text[i + 1 : i + 2] == ch:
                i += 1
        else:
            word.append(ch)
            started = True
            i += 1
            continue
        if started:  # a blank, a quote's start or an operator ends the word before it
            if ch not in "'\"":
                argv.append("".join(word))
                word, started = [], False
        if ch in "|;&\n\r" and argv:
            commands.append(argv)
            argv = []
        i += 1
    if quote:
        return None
    if started:
        argv.append("".join(word))
    if argv:
        commands.append(argv)
    return commands


def read_only(command):
    """``True`` when the Bash ``command`` can change no file of the work tree: every simple
    command is a program of :data:`READ_ONLY` (or ``find``/``rg``/``git`` with reading
    arguments) and output goes nowhere but the pipe, the terminal or ``/dev/null``. The hooks
    then skip the work tree's picture (two ``git status`` runs) around it. Anything this cannot
    read for sure is not read-only: the picture is taken as before."""
    if not isinstance(command, str) or not command.strip() or len(command) > MAX_READ_ONLY:
        return False
    commands = _simple_commands(command)
    return bool(commands) and all(_reads_only(argv) for argv in commands)


def bash_command(payload):
    """The command line of a Bash payload (``None`` when it has none)."""
    tool_input = payload.get("tool_input")
    return tool_input.get("command") if isinstance(tool_input, dict) else None


# -- the module watcher's verdict (PostToolUse) -------------------------------------------------
def available():
    return sys.platform.startswith("linux")


def _address(state_dir, session_id):
    """Where this session's watcher listens: ``<address>.ask`` and ``<address>.answer``, two
    named pipes (FIFOs) in the hooks' state folder. Pipes rather than a Unix socket: asking
    then needs nothing but ``os`` (``_socket`` alone costs about a tenth of a Python start)."""
    if plain_name(session_id):
        return os.path.join(state_dir, f"watch-{session_id}")  # no hashing: no _sha256 to load
    return os.path.join(state_dir, f"watch-{sha256_hex(session_id)[:32]}")


def _is_fifo(fd):
    return os.fstat(fd).st_mode & 0o170000 == 0o010000  # S_ISFIFO


def _ask(address, question):
    """Send ``question`` (``?``: the verdict, ``q``: go) to the watcher at ``address``: its
    answer (``b""`` for ``q``), or ``None`` when no watcher reads its pipe (none started, it
    saw a change, it answered already) or it does not answer within :data:`ASK_TIMEOUT`."""
    try:
        # our end of the answer pipe, opened read-write: a read then waits for the watcher's
        # answer instead of ending at once while the watcher has not opened it yet
        reply = os.open(address + ".answer", os.O_RDWR | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        if not _is_fifo(reply):
            return None
        try:
            ask = os.open(address + ".ask", os.O_WRONLY | os.O_NONBLOCK)  # ENXIO: nobody reads
        except OSError:
            return None
        try:
            if not _is_fifo(ask):
                return None
            os.write(ask, question)
        except OSError:
            return None
        finally:
            os.close(ask)
        return b"" if question == b"q" else _answer(reply)
    finally:
        os.close(reply)


def _answer(fd):
    """The watcher's answer on the pipe ``fd``, waited for up to :data:`ASK_TIMEOUT` seconds;
    ``None``. A blocking read under an alarm (``_signal`` is built in), woken the moment the
    answer comes; in a thread, or where the process has an alarm of its own, short naps."""
    import _signal  # built in

    try:
        if _signal.getitimer(_signal.ITIMER_REAL)[0] or _signal.getsignal(_signal.SIGALRM) not in (
            _signal.SIG_DFL,
            _signal.SIG_IGN,
        ):
            return _answer_napping(fd)
        previous = _signal.signal(_signal.SIGALRM, _expired)
    except ValueError:  # not the main thread
        return _answer_napping(fd)
    try:
        _signal.setitimer(_signal.ITIMER_REAL, ASK_TIMEOUT)
        os.set_blocking(fd, True)
        return os.read(fd, 16) or None
    except OSError:  # TimeoutError: no answer in time
        return None
    finally:
        _signal.setitimer(_signal.ITIMER_REAL, 0)
        _signal.signal(_signal.SIGALRM, previous)


def _expired(_signum, _frame):
    raise TimeoutError("the watcher did not answer")


def _answer_napping(fd):
    import time  # built in

    deadline = time.monotonic() + ASK_TIMEOUT
    pause = 0.0001
    while True:
        try:
            data = os.read(fd, 16)
            if data:
                return data
        except BlockingIOError:
            pass
        except OSError:
            return None
        if time.monotonic() >= deadline:
            return None
        time.sleep(pause)
        pause = min(pause * 1.5, 0.005)


def nothing_changed(state_dir, session_id):
    """PostToolUse: true only when this session's watcher answers that no module changed
    since it started (then the picture kept before is still right); false on any doubt."""
    if not available() or not state_dir or not session_id:
        return False
    return _ask(_address(state_dir, session_id), b"?") == b"clean"


def watch_clean(ctx, state):
    """PostToolUse of a command that is not an edit tool: ``True`` when the picture of the work
    tree kept before (``state``: the session's hook state) is still right because the watcher
    the PreToolUse started answers that no module changed; ``state`` is then saved without its
    pending mark. Either way the watcher's mark is taken out of ``state`` (it answers once)."""
    if not isinstance(state.get(STATE_KEY), dict) or not state.pop(WATCH_KEY, False):
        return False
    if not nothing_changed(ctx.state_dir(), ctx.session_id):
        return False
    state.pop(PENDING_KEY, None)  # no module changed: the picture kept stays right
    ctx.save_state(state)
    return True
