"""Module mapping: a file belongs to the nearest folder holding ``__manifest__.py``."""

import pytest
from practice_client.modmap import find_module, modules_of

pytestmark = pytest.mark.rules


@pytest.fixture
def tree(tmp_path):
    for module in ("addons/mod_a", "addons/mod_b", "addons/mod_b/sub_mod"):
        (tmp_path / module).mkdir(parents=True)
        (tmp_path / module / "__manifest__.py").write_text("{}\n")
    (tmp_path / "addons/mod_a/models").mkdir()
    (tmp_path / "addons/mod_a/models/thing.py").write_text("")
    (tmp_path / "tools").mkdir()
    (tmp_path / "__manifest__.py.bak").write_text("")
    return tmp_path


def test_file_maps_to_nearest_manifest_folder(tree):
    root = str(tree)
    assert find_module(str(tree / "addons/mod_a/models/thing.py"), root)[0] == "mod_a"
    assert find_module(str(tree / "addons/mod_a/__manifest__.py"), root)[0] == "mod_a"
    # nested module wins over its parent
    assert find_module(str(tree / "addons/mod_b/sub_mod/x.py"), root)[0] == "sub_mod"
    assert find_module(str(tree / "addons/mod_b/y.xml"), root)[1] == str((tree / "addons/mod_b").resolve())


def test_new_files_and_relative_paths(tree):
    root = str(tree)
    # a file that does not exist yet, in a folder that does not exist yet
    assert find_module("addons/mod_a/wizards/new_wizard.py", root)[0] == "mod_a"
    assert find_module("models/thing.py", root, cwd=str(tree / "addons/mod_a"))[0] == "mod_a"
    assert find_module("../mod_b/z.py", root, cwd=str(tree / "addons/mod_a"))[0] == "mod_b"


def test_files_outside_modules_or_outside_the_tree_pass(tree, tmp_path_factory):
    root = str(tree)
    assert find_module(str(tree / "tools/script.py"), root) is None
    assert find_module(str(tree / "README.md"), root) is None
    assert find_module("", root) is None
    other = tmp_path_factory.mktemp("other")
    (other / "mod_x").mkdir()
    (other / "mod_x" / "__manifest__.py").write_text("{}")
    assert find_module(str(other / "mod_x" / "a.py"), root) is None, "outside the work tree"
    assert find_module(str(tree / "addons/../../escape/mod.py"), root) is None


def test_root_itself_can_be_a_module(tmp_path):
    (tmp_path / "__manifest__.py").write_text("{}")
    assert find_module(str(tmp_path / "models/a.py"), str(tmp_path))[0] == tmp_path.name


def test_symlinked_file_maps_to_its_real_folder(tree):
    link = tree / "tools" / "link.py"
    link.symlink_to(tree / "addons/mod_a/models/thing.py")
    assert find_module(str(link), str(tree))[0] == "mod_a"


def test_modules_of_is_sorted_and_unique(tree):
    paths = ["addons/mod_b/a.py", "addons/mod_a/b.py", "addons/mod_a/c.py", "tools/x.py", "README.md"]
    assert modules_of(paths, str(tree)) == ["mod_a", "mod_b"]
    assert modules_of([], str(tree)) == []


def test_a_new_module_maps_before_its_manifest_exists(tree):
    """Issue 24: the agent's first Write of addons/new_mod/__manifest__.py took no lock, so two
    sessions could create the same module."""
    root = str(tree)
    assert find_module("addons/new_mod/__manifest__.py", root) == ("new_mod", str(tree / "addons/new_mod"))
    assert find_module("addons/new_mod/models/x.py", root)[0] == "new_mod"
    assert find_module("addons/README.md", root) is None  # a file of the addons folder itself
    assert find_module("addons/.hidden/x.py", root) is None


def test_beside_modules_a_folder_is_a_module_too(tmp_path):
    """OCA layout: modules at the top of the repository, no addons/ folder."""
    (tmp_path / "mod_a").mkdir()
    (tmp_path / "mod_a" / "__manifest__.py").write_text("{}")
    assert find_module("new_mod/__init__.py", str(tmp_path))[0] == "new_mod"
    assert find_module(".github/workflows/ci.yml", str(tmp_path)) is None
    assert find_module("README.md", str(tmp_path)) is None


def test_module_roots_come_from_the_work_tree_config(tmp_path):
    import subprocess

    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    root = str(tmp_path)
    assert find_module("src/odoo/new_mod/a.py", root) is None
    subprocess.run(["git", "config", "practice.moduleRoots", "src/odoo/*, extra/*"], cwd=tmp_path, check=True)
    assert find_module("src/odoo/new_mod/a.py", root)[0] == "new_mod"
    assert find_module("extra/other/a.py", root)[0] == "other"
    assert find_module("addons/x/a.py", root) is None  # the default is replaced


def test_the_guard_maps_an_unmanifested_module_from_the_index_only():
    from practice_client.gitguard import module_of

    dirs = {"addons/mod_a", "mod_top"}
    assert module_of("addons/new_mod/__manifest__.py", dirs, "/r", ("addons/*",)) == "new_mod"
    assert module_of("new_top/x.py", dirs, "/r", ()) == "new_top"  # beside mod_top
    assert module_of("tools/x.py", {"addons/mod_a"}, "/r", ()) is None
    assert module_of("addons/mod_a/x.py", dirs, "/r", ()) == "mod_a"


@pytest.mark.parametrize(
    ("name", "pattern"),
    [
        ("addons", "addons"),
        ("mod_a", "*"),
        ("mod_a", "mod_?"),
        ("x", "x*"),
        ("abc", "a*c"),
        ("", "*"),
        ("ab", "a*b*"),
    ],
)
def test_glob_match_agrees_with_fnmatch(name, pattern):
    from fnmatch import fnmatchcase

    from practice_client.modmap import glob_match

    assert glob_match(name, pattern) is fnmatchcase(name, pattern) is True
    assert glob_match(name + "z", pattern.rstrip("*") + "q") is fnmatchcase(
        name + "z", pattern.rstrip("*") + "q"
    )
