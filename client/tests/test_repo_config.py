"""``repo_config``: the work tree's ``practice.repo`` read without git, as ``git config`` wrote
it (real git: a plain work tree and a linked worktree), and the order flag > PRACTICE_REPO >
work tree > server default."""

import subprocess

import pytest
from practice_client import repo_config

pytestmark = pytest.mark.rules


def _git(cwd, *args):
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def tree(tmp_path):
    work = tmp_path / "work"
    (work / "addons" / "a").mkdir(parents=True)
    _git(work, "init", "-q")
    return work


def test_reads_what_git_config_wrote(tree):
    assert repo_config.read(str(tree)) is None
    _git(tree, "config", "practice.repo", "shop")
    assert repo_config.read(str(tree)) == "shop"
    _git(tree, "config", "practice.repo", "shop two")  # git quotes nothing here; spaces kept
    assert repo_config.read(str(tree)) == "shop two"


def test_a_linked_worktree_shares_the_repository(tree, tmp_path):
    _git(tree, "config", "practice.repo", "shop")
    _git(tree, "-c", "user.name=t", "-c", "user.email=t@x", "commit", "-q", "--allow-empty", "-m", "init")
    linked = tmp_path / "linked"
    _git(tree, "worktree", "add", "-q", str(linked))
    assert (linked / ".git").is_file()
    assert repo_config.read(str(linked)) == "shop"


def test_resolution_order(tree):
    _git(tree, "config", "practice.repo", "from-tree")
    assert repo_config.resolve({}, str(tree)) == "from-tree"
    assert repo_config.resolve({"PRACTICE_REPO": "from-env"}, str(tree)) == "from-env"
    assert repo_config.resolve({"PRACTICE_REPO": "from-env"}, str(tree), flag="from-flag") == "from-flag"
    assert repo_config.resolve({"PRACTICE_REPO": " "}, None) is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("[core]\n\tbare = false\n[practice]\n\trepo = shop\n", "shop"),
        ('[Practice]\n\tREPO = "shop" ; a comment\n', "shop"),
        ('[practice "sub"]\n\trepo = other\n', None),
        ("[practice]\n\trepo = a\n[practice]\n\trepo = b\n", "b"),
        ("[practice] repo = inline\n", "inline"),
        ("# [practice]\n; repo = x\n", None),
    ],
)
def test_parse(text, value):
    assert repo_config.parse(text) == value
