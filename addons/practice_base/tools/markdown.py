"""Render stored markdown to safe HTML for reading in the backend (markdown-it-py)."""

from markdown_it import MarkdownIt

_RENDERER = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


def render(text):
    """Markdown → HTML. Raw HTML in the source is escaped, not passed through."""
    return _RENDERER.render(text or "")
