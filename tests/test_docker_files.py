"""The Docker path (Dockerfile + docker-compose.yml) against the addons' manifests.

No Docker engine here: the files are read as data. The image must install exactly the Python
libraries the manifests declare (``external_dependencies``), with the bounds of
setup/requirements.txt; the compose services run that image; ``init`` installs every practice
addon of ./addons and loads the project's knowledge/ vault.
"""

import ast
import re
import shlex
import subprocess
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.integrity

ROOT = Path(__file__).resolve().parent.parent
ADDONS = ROOT / "addons"


def _norm(name):
    """A distribution name as pip compares them (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirement_name(requirement):
    return _norm(re.split(r"[<>=!~;\[ ]", requirement.strip(), maxsplit=1)[0])


def _manifests():
    for manifest in sorted(ADDONS.glob("practice_*/__manifest__.py")):
        yield manifest.parent.name, ast.literal_eval(manifest.read_text(encoding="utf-8"))


def _declared_libraries():
    return {
        _norm(lib)
        for _name, manifest in _manifests()
        if manifest.get("installable", True)
        for lib in manifest.get("external_dependencies", {}).get("python", [])
    }


def _dockerfile_pip_requirements():
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8").replace("\\\n", " ")
    installs = [line for line in text.splitlines() if line.strip().startswith("RUN pip3 install")]
    assert len(installs) == 1, "one pip install line in the Dockerfile"
    return [word for word in shlex.split(installs[0])[3:] if not word.startswith("-")]


def _compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def test_dockerfile_installs_exactly_the_manifests_libraries():
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^FROM odoo:18\s*$", text, re.MULTILINE), "the image builds on the official odoo:18"
    installed = {_requirement_name(req) for req in _dockerfile_pip_requirements()}
    declared = _declared_libraries()
    assert declared, "the manifests declare libraries (markdown-it-py at least)"
    assert installed == declared, (
        f"missing from the Dockerfile: {sorted(declared - installed)}; "
        f"declared by no manifest: {sorted(installed - declared)}"
    )


def test_dockerfile_bounds_follow_setup_requirements():
    lines = (ROOT / "setup" / "requirements.txt").read_text(encoding="utf-8").splitlines()
    pinned = {
        _requirement_name(line): line.strip() for line in lines if line.strip() and not line.startswith("#")
    }
    for requirement in _dockerfile_pip_requirements():
        name = _requirement_name(requirement)
        assert name in pinned, f"{name} is in the Dockerfile but not in setup/requirements.txt"
        assert requirement.replace(" ", "") == pinned[name].replace(" ", ""), (
            f"{requirement!r} in the Dockerfile, {pinned[name]!r} in setup/requirements.txt"
        )


def test_compose_services_run_the_built_image():
    services = _compose()["services"]
    for name in ("odoo", "init"):
        assert services[name].get("build") == ".", f"service {name} builds ./Dockerfile"
        assert services[name]["image"] != "odoo:18", f"service {name} must not run the bare odoo:18 image"
        mounts = services[name]["volumes"]
        assert "./addons:/mnt/extra-addons:ro" in mounts
    assert services["db"]["image"].startswith("postgres:")


def test_compose_init_installs_every_practice_addon_and_loads_the_vault():
    init = _compose()["services"]["init"]
    script = init["command"][0].replace("$$", "$")
    found = re.search(r"ADDONS=\$\((.*?)\);", script)
    assert found, "init computes the addon list from the mounted addons folder"
    listing = found.group(1).replace("/mnt/extra-addons", shlex.quote(str(ADDONS)))
    out = subprocess.run(["bash", "-c", listing], capture_output=True, text=True, check=True).stdout
    expected = {name for name, manifest in _manifests() if manifest.get("installable", True)}
    assert set(out.strip().split(",")) == expected
    assert '-i "$ADDONS"' in script and "--stop-after-init" in script
    # the vault: mounted, and imported by the loader script through odoo shell
    assert "./knowledge:/mnt/knowledge:ro" in init["volumes"]
    # the loader reads the vault with the client's reader, mounted from ./client
    assert "./client:/mnt/client:ro" in init["volumes"]
    loader = next(
        v.split(":")[0] for v in init["volumes"] if v.endswith(":/mnt/setup/docker_load_vault.py:ro")
    )
    assert (ROOT / loader).is_file()
    assert "odoo shell" in script and "< /mnt/setup/docker_load_vault.py" in script
    loader_text = (ROOT / loader).read_text(encoding="utf-8")
    assert 'env["practice.vault"].import_files(' in loader_text and "env.cr.commit()" in loader_text
    assert "from practice_client.vault import read_vault" in loader_text
    ast.parse(loader_text)
