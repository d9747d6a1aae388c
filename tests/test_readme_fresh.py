"""README freshness check (issue 30): every command a README shows is checked against the code.

No server and nothing executed: the READMEs are read as data and each command is resolved.

Scope: every README a user reads: ``README.md`` files of the repository (the root one,
client/, bench/, setup/, any folder's), the addons' ``readme/*.md`` fragments (their
README.rst is generated from them) and ``docs/**/*.md``. The project's own vault (knowledge/)
is data, not documentation.

Which lines are commands, per fenced code block:

- ```` ```console ````: only lines starting with ``$ `` (the prompt is stripped); every other
  line is output.
- ```` ```bash ````, ```` ```sh ````, ```` ```shell ````: every line that is not blank or a
  ``#`` comment.
- a fence without a language: ``console`` when a line starts with ``$ ``; otherwise ``bash``
  when its first line (blank and ``#`` lines skipped) reads like a command: a word of letters,
  digits and ``_ . ~ / $ -`` (an optional ``NAME=value`` before it), not followed by ``=`` or
  ``(``. Anything else (a folder tree, Python, YAML, a file's text) is not shell and is skipped;
  a block that is not shell but reads like it fails as an unknown command: tag its fence with
  its language (```` ```text ````, ```` ```python ````).
- any other language (json, markdown, python, ...): skipped.

A line ending in ``\\`` continues on the next one; trailing ``# comments`` are dropped; a line
is split into its simple commands at ``;``, ``&&``, ``||``, ``|`` and ``&``; leading
``NAME=value`` assignments are dropped. Then the first word decides:

- ``practice ...`` and ``python -m practice_client ...``: resolved through the real click tree
  (the root group ``practice_client.cli.cli``, or ``.main``) and parsed on every level with
  ``make_context`` (``resilient_parsing=False``), so an unknown subcommand or option, a missing
  or extra argument, a bad choice or a wrong type fails. Placeholders: file and folder
  arguments are not opened or checked for existence (they name files of the reader's
  machine); a value with a ``<placeholder>`` in it, an upper-case word (``FILE``, ``N``) or a
  ``$VARIABLE`` is accepted by any parameter type; an unquoted bare ``...`` (or ``…``) stands
  for "more of the same" and is dropped; ``[--option value]`` marks an optional option, the
  brackets are dropped and the option is checked.
- ``setup/<script>``, ``bench/<script>``, ``.ci/<script>`` (also after ``./`` or a ``$VAR/``
  checkout prefix such as ``$STACK/``): the script exists and is executable, and every
  ``-flag`` / ``--flag`` given appears in its text (usage comment, argparse, case) or in the
  text of a ``setup/*.py`` / ``bench/*.py`` script it names (``setup/bench`` hands its flags
  to ``bench/run.py``). Flags after a bare ``--`` and inside quoted values are not flags.
- ``python``/``python3 <script>``: the same for a script of this repository, without the
  executable bit; ``python -m <module>``: ``practice_client`` as above, the modules of
  ``IGNORED_PYTHON_MODULES`` ignored.
- a first word in ``IGNORED_COMMANDS`` (docker, git, pytest, ...): another tool, not checked.
- anything else fails: add the word to ``IGNORED_COMMANDS`` when it is another tool, or fix
  the README.

Every relative markdown link ``[text](path)`` or image of these files (outside code) must name
an existing file or folder, relative to the markdown file; the ``#anchor`` is ignored.
Findings are listed all at once, one test per README file, each as ``file:line: command: what``.
"""

import os
import re
import shlex
from functools import cache
from pathlib import Path

import click
import pytest

pytestmark = pytest.mark.integrity

ROOT = Path(__file__).resolve().parent.parent

# First words of commands of other tools: shown in a README, not checked here.
IGNORED_COMMANDS = frozenset(
    {
        "$EDITOR",
        "/plugin",
        "cat",
        "cd",
        "claude",
        "coverage",
        "createdb",
        "curl",
        "docker",
        "dropdb",
        "echo",
        "export",
        "git",
        "head",
        "mkdir",
        "odoo-bin",
        "pip",
        "pip-audit",
        "psql",
        "pytest",
    }
)
IGNORED_PYTHON_MODULES = frozenset({"pip", "pytest", "venv"})

SHELL_LANGUAGES = frozenset({"bash", "sh", "shell"})
CONSOLE_LANGUAGES = frozenset({"console"})
SCRIPT_DIRS = ("setup/", "bench/", ".ci/")
SKIPPED_DIRS = frozenset({"knowledge", "node_modules", "__pycache__"})

_FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,})\s*(?P<info>[^`]*)$")
_COMMAND_WORD = re.compile(r"[\w.~/$-]*[A-Za-z0-9][\w.~/$-]*")
_ASSIGNMENT = re.compile(r"[A-Za-z_]\w*=\S*")
_ELLIPSIS = re.compile(r"(?:(?<=\s)|^)(?:\.\.\.|…)(?=\s|$)")
_SEPARATORS = frozenset({";", "&&", "||", "|", "&", ";;"})
_PLACEHOLDER = re.compile(r"<[^<>]+>|^[A-Z][A-Z0-9_]*$|^\$\{?\w+\}?$|\.\.\.|…")
_PYTHON = re.compile(r"python(?:3(?:\.\d+)?)?")
_LINK = re.compile(r"!?\[(?:[^\]\\]|\\.)*\]\(\s*<?(?P<target>[^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s+<?(?P<target>[^\s>]+)")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


# -- which files --------------------------------------------------------------------------------
def readme_files():
    found = []
    for folder, dirs, files in os.walk(ROOT):
        rel_dir = Path(folder).relative_to(ROOT)
        dirs[:] = sorted(
            d for d in dirs if not d.startswith(".") and not (rel_dir == Path(".") and d in SKIPPED_DIRS)
        )
        for name in files:
            rel = rel_dir / name
            in_fragments = len(rel.parts) == 4 and rel.parts[0] == "addons" and rel.parts[2] == "readme"
            in_docs = rel.parts[0] == "docs"
            if name == "README.md" or (name.endswith(".md") and (in_fragments or in_docs)):
                found.append(rel.as_posix())
    return sorted(found)


# -- which lines are commands -------------------------------------------------------------------
def fenced_blocks(text):
    """``(language, [(line number, line), ...], fence line number)`` per fenced code block."""
    blocks, current = [], None
    for number, line in enumerate(text.splitlines(), 1):
        match = _FENCE.match(line)
        if current is None:
            if match:
                info = match["info"].strip().split()
                current = {
                    "fence": match["fence"],
                    "indent": len(match["indent"]),
                    "lang": info[0].lower() if info else "",
                    "lines": [],
                    "start": number,
                }
            continue
        closing = match and match["fence"][0] == current["fence"][0] and not match["info"].strip()
        if closing and len(match["fence"]) >= len(current["fence"]):
            blocks.append((current["lang"], current["lines"], current["start"]))
            current = None
            continue
        cut = min(current["indent"], len(line) - len(line.lstrip()))
        current["lines"].append((number, line[cut:]))
    if current is not None:
        blocks.append((current["lang"], current["lines"], current["start"]))
    return blocks


def _is_prompt(line):
    return line.startswith("$ ") or line.rstrip() == "$"


def _reads_like_command(line):
    words = line.split()
    while words and _ASSIGNMENT.fullmatch(words[0]):
        words = words[1:]
    if not words or words[0].startswith("-") or not _COMMAND_WORD.fullmatch(words[0]):
        return False
    return not (len(words) > 1 and words[1].startswith(("=", "(")))


def block_mode(lang, lines):
    """``console``, ``shell`` or None (not shell) for a block, by the rules of the docstring."""
    if lang in CONSOLE_LANGUAGES:
        return "console"
    if lang in SHELL_LANGUAGES:
        return "shell"
    if lang:
        return None
    if any(_is_prompt(line) for _, line in lines):
        return "console"
    first = next((line for _, line in lines if line.strip() and not line.lstrip().startswith("#")), "")
    return "shell" if _reads_like_command(first.strip()) else None


def command_lines(lang, lines):
    """``(line number, command text)`` of a block: prompts stripped, continuations joined."""
    mode = block_mode(lang, lines)
    if mode is None:
        return []
    commands, pending, pending_number = [], None, None
    for number, raw in lines:
        line = raw.rstrip()
        if pending is not None:
            text, number = pending + " " + line.strip(), pending_number
        elif mode == "console":
            if not _is_prompt(line):
                continue
            text = line[1:].strip()
        else:
            text = line.strip()
            if not text or text.startswith("#"):
                continue
        if text.endswith("\\"):
            pending, pending_number = text[:-1].rstrip(), number
            continue
        pending = None
        if text:
            commands.append((number, text))
    if pending:
        commands.append((pending_number, pending))
    return commands


def simple_commands(text):
    """The word lists of a command line's simple commands (``a && b | c``: three)."""
    text = _ELLIPSIS.sub("", text)
    lexer = shlex.shlex(text, posix=True, punctuation_chars=";&|")
    lexer.whitespace_split = True
    commands, words = [], []
    for word in lexer:
        if word in _SEPARATORS:
            commands.append(words)
            words = []
        else:
            words.append(word)
    commands.append(words)
    result = []
    for words in commands:
        while words and _ASSIGNMENT.fullmatch(words[0]):
            words = words[1:]
        if words:
            result.append(words)
    return result


# -- practice: the real click tree ---------------------------------------------------------------
@cache
def root_group():
    from practice_client import cli as cli_module

    for name in ("cli", "main"):
        group = getattr(cli_module, name, None)
        if isinstance(group, click.Group):
            return group
    raise AssertionError("practice_client.cli has no click group `cli` or `main`: where did the root go?")


def _unbracket(args):
    """``[--session s-42]`` -> ``--session s-42``: the brackets of an optional option only."""
    out, open_bracket = [], False
    for arg in args:
        if arg.startswith("[-"):
            arg, open_bracket = arg[1:], True
        if open_bracket and arg.endswith("]"):
            arg, open_bracket = arg[:-1], False
        out.append(arg)
    return out


def _lenient_call(self, value, param=None, ctx=None):
    """ParamType.__call__ that leaves files unopened and placeholders unconverted."""
    if value is None:
        return None
    if isinstance(self, (click.Path, click.File)):
        return value
    if isinstance(value, str) and _PLACEHOLDER.search(value):
        return value
    return self.convert(value, param, ctx)


@pytest.fixture
def lenient_click(monkeypatch):
    monkeypatch.setattr(click.types.ParamType, "__call__", _lenient_call)
    # --repo falls back to the work tree's git config: a value spares the git call
    monkeypatch.setenv("PRACTICE_REPO", "readme-check")


def _pending_args(ctx):
    protected = ctx.__dict__.get("_protected_args")
    if protected is None:
        protected = getattr(ctx, "protected_args", [])
    return [*protected, *ctx.args]


def practice_problem(args):
    """None when ``practice <args>`` parses down to a leaf command; else what is wrong."""
    group = root_group()
    command, ctx = group, None
    try:
        ctx = group.make_context("practice", _unbracket(args), resilient_parsing=False)
        while isinstance(command, click.Group):
            rest = _pending_args(ctx)
            if not rest:
                if command.invoke_without_command:
                    return None
                raise click.exceptions.NoArgsIsHelpError(ctx)
            name, command, rest = command.resolve_command(ctx, rest)
            ctx = command.make_context(name, rest, parent=ctx)
    except click.exceptions.NoArgsIsHelpError as err:
        names = ", ".join(sorted(err.ctx.command.list_commands(err.ctx)))
        return f"`{err.ctx.command_path}` needs a subcommand: one of {names}"
    except click.exceptions.Exit as err:  # --help, --version
        return None if err.exit_code == 0 else f"exits {err.exit_code}"
    except click.ClickException as err:
        where = err.ctx.command_path if getattr(err, "ctx", None) else "practice"
        return f"{where}: {err.format_message()}"
    return None


# -- scripts of this repository -----------------------------------------------------------------
def _repo_path(word):
    return re.sub(r"^(?:\$\{?\w+\}?/|\./)+", "", word)


def _script_texts(path):
    text = path.read_text(encoding="utf-8", errors="replace")
    texts = [text]
    for named in sorted(set(re.findall(r"(?<![\w/])((?:setup|bench)/[\w-]+\.py)\b", text))):
        if (ROOT / named).is_file() and (ROOT / named) != path:
            texts.append((ROOT / named).read_text(encoding="utf-8", errors="replace"))
    return texts


def script_problems(word, args, executable):
    rel = _repo_path(word)
    path = ROOT / rel
    if not path.is_file():
        return [f"{rel} does not exist"]
    problems = []
    if executable and not os.access(path, os.X_OK):
        problems.append(f"{rel} is not executable")
    texts = _script_texts(path)
    for arg in _unbracket(args):
        if arg == "--":
            break
        if not re.fullmatch(r"--?[A-Za-z][\w-]*(=.*)?", arg):
            continue
        flag = arg.split("=", 1)[0]
        pattern = re.compile(rf"(?<![\w-]){re.escape(flag)}(?![\w-])")
        if not any(pattern.search(text) for text in texts):
            problems.append(f"{rel} knows no option {flag}")
    return problems


def _python_problems(words):
    args = words[1:]
    if args[:1] == ["-m"] and len(args) > 1:
        module, rest = args[1], args[2:]
        if module == "practice_client":
            problem = practice_problem(rest)
            return [problem] if problem else []
        if module in IGNORED_PYTHON_MODULES:
            return []
        return [f"python -m {module}: unknown module (add it to IGNORED_PYTHON_MODULES or fix the README)"]
    if not args or args[0].startswith("-"):
        return ["a python command without a script of this repository"]
    return script_problems(args[0], args[1:], executable=False)


def command_problems(words):
    if words[0] in ("exec", "time") and len(words) > 1:  # a shell prefix: check what it runs
        words = words[1:]
    first = words[0]
    if first == "practice":
        problem = practice_problem(words[1:])
        return [problem] if problem else []
    if _PYTHON.fullmatch(Path(first).name):
        return _python_problems(words)
    if _repo_path(first).startswith(SCRIPT_DIRS):
        return script_problems(first, words[1:], executable=True)
    if first in IGNORED_COMMANDS:
        return []
    return [
        f"unknown command `{first}`: add it to IGNORED_COMMANDS in tests/test_readme_fresh.py if it is "
        "another tool, or fix the README (a block that is not shell: tag its fence, e.g. ```text)"
    ]


# -- links --------------------------------------------------------------------------------------
def link_problems(rel, text):
    base = (ROOT / rel).parent
    fenced = set()
    for _, lines, start in fenced_blocks(text):
        fenced.add(start)
        fenced.update(number for number, _ in lines)
        fenced.add((lines[-1][0] if lines else start) + 1)
    problems = []
    for number, line in enumerate(text.splitlines(), 1):
        if number in fenced:
            continue
        prose = re.sub(r"`[^`]*`", "", line)
        targets = [m["target"] for m in _LINK.finditer(prose)]
        targets += [m["target"] for m in _REFERENCE.finditer(prose)]
        for target in targets:
            if _SCHEME.match(target) or target.startswith("#"):
                continue
            path = target.split("#", 1)[0].split("?", 1)[0]
            if path and not (base / path).exists():
                problems.append(f"{rel}:{number}: link to {target}: no such file")
    return problems


# -- the check ----------------------------------------------------------------------------------
def readme_findings(rel):
    """Every stale command and broken link of one README, and how many commands were checked."""
    text = (ROOT / rel).read_text(encoding="utf-8")
    findings, checked = [], 0
    for lang, lines, _ in fenced_blocks(text):
        for number, command in command_lines(lang, lines):
            try:
                commands = simple_commands(command)
            except ValueError as err:  # unbalanced quotes
                findings.append(f"{rel}:{number}: {command}: cannot split it into words ({err})")
                continue
            for words in commands:
                checked += 1
                for problem in command_problems(words):
                    findings.append(f"{rel}:{number}: {shlex.join(words)}: {problem}")
    findings.extend(link_problems(rel, text))
    return findings, checked


READMES = readme_files()


@pytest.mark.parametrize("rel", READMES)
def test_readme_commands_and_links_are_fresh(rel, lenient_click):
    findings, _ = readme_findings(rel)
    if findings:
        pytest.fail(f"{len(findings)} stale in {rel}:\n" + "\n".join(findings), pytrace=False)


def test_scope_holds_the_readmes_users_read():
    for rel in ("README.md", "client/README.md", "bench/README.md", "setup/README.md"):
        assert rel in READMES
    assert any(rel.startswith("addons/") and "/readme/" in rel for rel in READMES)
    assert not any(rel.startswith("knowledge/") for rel in READMES)


def test_the_readmes_show_practice_commands(lenient_click):
    """The extraction has not gone blind: the READMEs' walkthroughs yield their commands."""
    practice = 0
    for rel in READMES:
        text = (ROOT / rel).read_text(encoding="utf-8")
        for lang, lines, _ in fenced_blocks(text):
            for _, command in command_lines(lang, lines):
                practice += sum(words[0] == "practice" for words in simple_commands(command))
    assert practice >= 30, practice


# -- the check of the check ---------------------------------------------------------------------
def test_console_blocks_take_prompt_lines_only():
    lines = list(enumerate(["$ practice lock list \\", "    --all", "granted x", "$ git status"], 1))
    assert command_lines("console", lines) == [(1, "practice lock list --all"), (4, "git status")]
    assert command_lines("", lines) == command_lines("console", lines)


def test_bash_blocks_take_every_line_but_comments():
    lines = list(enumerate(["# set up", "setup/run   # serve", "", "practice mcp"], 1))
    assert command_lines("bash", lines) == [(2, "setup/run   # serve"), (4, "practice mcp")]
    assert simple_commands("setup/run   # serve") == [["setup/run"]]


def test_blocks_that_are_not_shell_are_skipped():
    for first in (
        'models.execute_kw(db, uid, key, "x", "y")',
        "log = 'x'",
        "addons/practice_<name>/  one",
        "---",
    ):
        assert command_lines("", [(1, first)]) == []
    assert command_lines("python", [(1, "practice lock list")]) == []
    assert command_lines("json", [(1, "practice lock list")]) == []


def test_lines_split_into_simple_commands():
    assert simple_commands("A=1 practice repo list; practice adr 3 && git add . | head -2") == [
        ["practice", "repo", "list"],
        ["practice", "adr", "3"],
        ["git", "add", "."],
        ["head", "-2"],
    ]
    assert simple_commands('practice x --description "..." ...') == [
        ["practice", "x", "--description", "..."]
    ]


def test_practice_commands_resolve_through_the_click_tree(lenient_click):
    assert practice_problem(["lock", "list", "[--session", "s-42]", "[--all]"]) is None
    assert practice_problem(["eval", "push", "~/nowhere/practice-<time>.xml"]) is None
    assert practice_problem(["lock", "renew", "<token>", "--session", "S"]) is None
    assert practice_problem(["--version"]) is None
    assert "No such command" in practice_problem(["lock", "grab", "x"])
    assert "No such option" in practice_problem(["lock", "list", "--everything"])
    assert "unexpected extra argument" in practice_problem(["lock", "check-token", "a", "1", "2"])
    assert "needs a subcommand" in practice_problem(["lock"])
    assert "not a valid integer" in practice_problem(["lock", "renew", "twelve", "--session", "S"])


def test_unknown_command_kinds_and_flags_fail(lenient_click):
    assert command_problems(["docker", "compose", "up"]) == []
    assert "unknown command `frobnicate`" in command_problems(["frobnicate", "--now"])[0]
    assert command_problems(["setup/bench", "--quick", "--only", "bench_lock"]) == []
    assert command_problems(["setup/bench", "--fast"]) == ["setup/bench knows no option --fast"]
    assert command_problems(["setup/nothing"]) == ["setup/nothing does not exist"]
    assert command_problems(["python3", "$STACK/bench/compare.py", "a.json", "b.json", "[--all]"]) == []
    assert command_problems(["python", "-m", "practice_client", "lock", "list"]) == []


def test_broken_links_are_found():
    text = (
        "see [a](README.md) and [b](nope.md#x), [c](https://x.org), `[d](gone.md)`\n```\n[e](gone.md)\n```\n"
    )
    assert link_problems("setup/x.md", text) == ["setup/x.md:1: link to nope.md#x: no such file"]
