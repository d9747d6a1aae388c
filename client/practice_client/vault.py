"""Read and write a vault folder (knowledge/) as {relative_path: text}."""

from pathlib import Path


def read_vault(root):
    """Every ``*.md`` file under ``root``, keyed by its POSIX path relative to ``root``."""
    root = Path(root)
    if not root.is_dir():
        raise FileNotFoundError(f"{root} is not a folder")
    return {
        path.relative_to(root).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(root.rglob("*.md"))
        if path.is_file() and not any(part.startswith(".") for part in path.relative_to(root).parts)
    }


def write_vault(root, files):
    """Write ``files`` under ``root``; refuses paths that would escape it. Returns paths written."""
    root = Path(root).resolve()
    written = []
    for rel, text in sorted(files.items()):
        target = (root / rel).resolve()
        if root not in target.parents:
            raise ValueError(f"Refusing to write outside the vault: {rel}")
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
            written.append(rel)
    return written
