# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The title of a hard rule drafted from a run's lesson: the rule in its own imperative form
("Release DB connections in finally blocks"), not the incident's name."""

import re

MAX_TITLE = 120
# "We should always ...", "You must ...", "- Lesson: ..." -> the imperative that follows
_LEAD = re.compile(
    r"^(?:[-*+>#]+\s*|\d+[.)]\s*|(?:lesson|rule|fix|resolution|prevention)\s*:\s*"
    r"|(?:we|you|one|developers?|the team)\s+(?:should|must|need to|have to)\s+"
    r"|(?:should|must|need to|have to)\s+)",
    re.IGNORECASE,
)
_MARKUP = re.compile(r"[*_`]+")


def rule_title(lesson, fallback=""):
    """A one-line imperative title from the first non-empty line of ``lesson`` (markdown
    bullets, "We should"/"Lesson:" leads and emphasis dropped, first letter upper case, no final
    period, at most :data:`MAX_TITLE` characters cut at a word). ``fallback`` when the lesson
    has no words."""
    line = next((ln.strip() for ln in (lesson or "").splitlines() if ln.strip()), "")
    line = _MARKUP.sub("", line)
    previous = None
    while previous != line:  # leads may stack: "- We should ..."
        previous = line
        line = _LEAD.sub("", line, count=1).strip()
    line = " ".join(line.split()).rstrip(" .;:!")
    if not line:
        return " ".join((fallback or "").split())[:MAX_TITLE]
    line = line[0].upper() + line[1:]
    if len(line) > MAX_TITLE:
        cut = line[: MAX_TITLE - 1].rsplit(" ", 1)[0] or line[: MAX_TITLE - 1]
        line = cut.rstrip(" ,;:") + "…"
    return line
