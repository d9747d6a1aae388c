# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Practice Watchdog - Automation Rules",
    "summary": "Keep the watchdog's counting hooks when automation rules change",
    "version": "18.0.1.0.0",
    "category": "Productivity/Practice",
    "website": "https://github.com/practice-stack/practice-stack",
    "author": "Practice Stack contributors",
    "maintainers": ["practice-stack"],
    "license": "LGPL-3",
    "application": False,
    "installable": True,
    "auto_install": True,
    "depends": ["practice_watchdog", "base_automation"],
}
