# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A generated vault of hard rules and a labelled set of tasks, for the ranking test and
bench/bench_context_recall.py (plain Python: no Odoo import).

- :func:`make_rules` ``(n, seed)`` → ``n`` vals dicts for ``practice.rule`` (name, date,
  severity, rule, fix, incident, root_cause): the labelled rules below plus generated
  "filler" rules about the same everyday Odoo subjects (products, images, orders, stock,
  invoices, crons...), so common words are everywhere, as in a real vault.
- :data:`LABELLED_TASKS` → ``[(task, [titles of the rules it needs])]``: tasks phrased the
  way engineers phrase them (a ticket title or a one-line request), not copies of rule text.
"""

import datetime
import random

TARGETS = [
    {
        "name": "Regenerate image thumbnails through the ORM, in batches",
        "severity": "critical",
        "rule": "Never rebuild the resized image_128/image_256 thumbnail variants with raw SQL or by "
        "deleting ir_attachment rows: write image_1920 through the ORM so Odoo regenerates every "
        "thumbnail variant.",
        "fix": "A queued job rewrites image_1920 in batches of 500 records with a commit per batch; "
        "the thumbnail count is checked before and after.",
        "incident": "34,488 ir_attachment rows vanished in 5 minutes; catalog thumbnails went blank.",
        "root_cause": "A cleanup script deleted the attachments of the resized variants directly.",
    },
    {
        "name": "Never push warehouse quantities to Amazon for FBM offers",
        "severity": "high",
        "rule": "Amazon listings that are Fulfilled-By-Merchant (FBM) carry their own inventory: the "
        "marketplace connector must not overwrite it with the Odoo warehouse on-hand quantity.",
        "fix": "The inventory export skips merchant-fulfilled listings and logs the skip.",
        "incident": "1,200 FBM listings showed 0 in stock for a weekend; 310 orders lost.",
        "root_cause": "The connector exported every listing's quantity the same way.",
    },
    {
        "name": "Check the fencing token before writing after a lock lease renewal",
        "severity": "critical",
        "rule": "Two workers can both believe they hold a module lock when a lease expires under a "
        "long pause: every write under the lock passes the fencing token to check_token first.",
        "fix": "Workers renew the lease at half its time and abort when the token is stale.",
        "incident": "Two import workers wrote the same batch twice; 4,000 duplicate lines.",
        "root_cause": "A paused worker kept writing after its lease had been taken over.",
    },
    {
        "name": "Convert currencies at the rate of the document date in the company timezone",
        "severity": "high",
        "rule": "Currency conversion uses the rate of the invoice date in the company's timezone, "
        "never the UTC date: documents posted around midnight otherwise take the wrong day's rate.",
        "fix": "Use _convert with the document date computed via the company timezone.",
        "incident": "212 invoices posted between 00:00 and 02:00 converted with the previous day's rate.",
        "root_cause": "fields.Date.today() was used for the conversion date.",
    },
    {
        "name": "Migration scripts must be idempotent and guard column renames",
        "severity": "high",
        "rule": "A migration script can run twice (a failed upgrade is retried): check that a column "
        "exists before renaming it and never assume the pre-migration state.",
        "fix": "Use openupgrade's column_exists/rename_columns helpers in pre-migration scripts.",
        "incident": "The 17.0 to 18.0 upgrade failed on its retry: column already renamed.",
        "root_cause": "The pre-migrate script renamed a column without checking it.",
    },
    {
        "name": "Never send mail synchronously inside a scheduled action loop",
        "severity": "medium",
        "rule": "Queue emails (mail.mail with auto_delete, force_send=False) from crons; sending inside "
        "the loop makes one SMTP timeout abort the whole scheduled action.",
        "fix": "Confirmation emails are queued and sent by the mail queue cron.",
        "incident": "An SMTP outage stopped the order confirmation cron for 6 hours.",
        "root_cause": "force_send=True inside the cron's loop.",
    },
    {
        "name": "Add stored computed fields to large tables with a precomputed column",
        "severity": "high",
        "rule": "Adding a stored compute field on sale_order_line or account_move_line recomputes "
        "millions of rows at install: create and fill the column in a pre-init hook in SQL.",
        "fix": "pre_init_hook adds the column and fills it with one UPDATE; the compute then skips.",
        "incident": "A module update held sale_order_line locked for 47 minutes.",
        "root_cause": "The ORM recomputed the new stored field row by row.",
    },
    {
        "name": "Do not use sudo() to bypass record rules in portal controllers",
        "severity": "critical",
        "rule": "Portal controllers read records as the portal user; a sudo() search leaks other "
        "customers' data through the endpoint.",
        "fix": "Check access with _document_check_access and search without sudo.",
        "incident": "A portal endpoint listed 9,000 addresses of other customers.",
        "root_cause": "sudo() on a search with a domain built from request parameters.",
    },
    {
        "name": "Wrap user-facing strings in _() with named placeholders",
        "severity": "low",
        "rule": "Error messages, wizard labels and notifications go through _() with named "
        "placeholders so translators can reorder them; never format before translating.",
        "fix": "_('Cannot ship %(name)s', name=...) instead of _('Cannot ship %s' % name).",
        "incident": "German users saw English error messages in the shipping wizard.",
        "root_cause": "Strings were formatted before the translation lookup.",
    },
    {
        "name": "Keep binary attachments in the filestore, not in database columns",
        "severity": "medium",
        "rule": "Binary fields use attachment=True; when moving attachments to another storage "
        "(S3, NFS), migrate through ir.attachment's storage methods, never by copying store_fname.",
        "fix": "Set ir_attachment.location and run _migrate on the attachments in batches.",
        "incident": "PDF attachments returned 404 after a storage move; 18,000 files missing.",
        "root_cause": "store_fname paths were copied but the checksums were not.",
    },
    {
        "name": "Compute pricelist prices with the pricelist API, not by hand",
        "severity": "medium",
        "rule": "Prices shown or stored for a customer come from the pricelist's _get_product_price; "
        "re-implementing discounts misses rules based on quantity, dates and categories.",
        "fix": "Website and quotation code call pricelist._get_product_price.",
        "incident": "The website showed a 30% discount the pricelist had ended; 85 orders honoured.",
        "root_cause": "A custom price computation ignored the pricelist rule's end date.",
    },
    {
        "name": "Validate pickings with button_validate, never by writing state",
        "severity": "high",
        "rule": "Stock pickings (receipts, deliveries) are validated through button_validate so stock "
        "moves, quants and backorders are created; writing state='done' corrupts inventory.",
        "fix": "The barcode flow calls button_validate with the scanned quantities set on the moves.",
        "incident": "312 receipts marked done without quants; inventory valuation off by 41,000 EUR.",
        "root_cause": "A script wrote state='done' on incoming pickings.",
    },
    {
        "name": "Set company_id explicitly on records created by crons",
        "severity": "high",
        "rule": "A cron runs as one user in one company: records it creates for several companies "
        "must set company_id and use with_company, or they land in the cron user's company.",
        "fix": "The recurring invoicing job loops over companies with with_company(company).",
        "incident": "Recurring subscription invoices of 3 companies were created in the main company.",
        "root_cause": "The nightly job relied on the default company.",
    },
    {
        "name": "Change backend styles in SCSS sources, never in compiled assets",
        "severity": "low",
        "rule": "Web assets are compiled bundles: edit the SCSS variables of the module and let the "
        "asset bundle rebuild; edits to attachments of compiled assets vanish on the next build.",
        "fix": "Brand colors live in a primary_variables.scss override.",
        "incident": "A hotfixed stylesheet reverted at the next deploy.",
        "root_cause": "The compiled asset attachment was edited in place.",
    },
    {
        "name": "Neutralize a production dump before restoring it elsewhere",
        "severity": "critical",
        "rule": "A copy of the production database restored on staging or a laptop still has outgoing "
        "mail servers, crons and payment providers: neutralize it before starting the server.",
        "fix": "Restore with odoo-bin neutralize (or the neutralize SQL) before the first start.",
        "incident": "A staging copy emailed 2,400 customers duplicate payment reminders.",
        "root_cause": "The restored dump kept its mail server and active crons.",
    },
    {
        "name": "Webhook delivery jobs must be idempotent",
        "severity": "high",
        "rule": "Outgoing webhook deliveries are retried after timeouts and worker crashes: send an "
        "idempotency key and make the receiver ignore repeats.",
        "fix": "Each delivery carries the job uuid as Idempotency-Key; retries reuse it.",
        "incident": "Shopify received 1,900 duplicate fulfilment webhooks after a retry storm.",
        "root_cause": "Retried deliveries were indistinguishable from new ones.",
    },
    {
        "name": "Aggregate in SQL with read_group, never by looping over records",
        "severity": "medium",
        "rule": "Totals for dashboards and reports come from read_group (or _read_group): summing "
        "fields in a Python loop reads every record and times out on large periods.",
        "fix": "The monthly sales dashboard uses _read_group grouped by month.",
        "incident": "The sales dashboard took 90 seconds for a month and timed out for a year.",
        "root_cause": "A loop over 600,000 order lines in Python.",
    },
    {
        "name": "Ship user-editable templates as noupdate data",
        "severity": "medium",
        "rule": "Email templates, default configuration and anything users edit ship in noupdate "
        "data files, or every module upgrade overwrites the users' changes.",
        "fix": "Templates moved to a noupdate='1' data file; a migration keeps edited ones.",
        "incident": "An upgrade reset 14 customised email templates for returns.",
        "root_cause": "The templates were declared in an updatable data file.",
    },
    {
        "name": "Resize uploaded photos before storing them",
        "severity": "medium",
        "rule": "Vendor and user uploads of high-resolution photos are resized to 1920 pixels and "
        "re-encoded before storage; a 40 MB upload otherwise bloats every backup.",
        "fix": "The upload controller resizes with image_process and refuses files over 10 MB.",
        "incident": "Vendor uploads grew the filestore by 220 GB in a month.",
        "root_cause": "Uploads were stored as sent.",
    },
    {
        "name": "Schedule crons in UTC and convert to local time for people",
        "severity": "low",
        "rule": "nextcall is stored in UTC: a job that must run at 07:00 in the warehouse's local "
        "time computes its next call from the warehouse timezone, including daylight saving changes.",
        "fix": "The replenishment report cron recomputes nextcall from the warehouse timezone.",
        "incident": "The morning replenishment report arrived at 08:00 for half a year.",
        "root_cause": "nextcall was set from a naive local time.",
    },
    {
        "name": "Never cascade-delete posted journal entries",
        "severity": "critical",
        "rule": "Links to account moves use ondelete='restrict': deleting a cancelled sale order or a "
        "payment must never delete its posted journal entries.",
        "fix": "unlink() refuses records with posted entries; cancellation reverses them instead.",
        "incident": "Deleting cancelled orders removed 57 posted journal entries from a closed period.",
        "root_cause": "A Many2one to account.move had ondelete='cascade'.",
    },
    {
        "name": "Never log API keys, tokens or passwords",
        "severity": "high",
        "rule": "Debug logging of API clients masks credentials: request headers and bodies are logged "
        "only after the Authorization header and secret parameters are redacted.",
        "fix": "The marketplace client's logger redacts headers through one filter.",
        "incident": "An API key appeared in 3 months of log files shipped to the log service.",
        "root_cause": "The client logged full request headers at debug level.",
    },
    {
        "name": "Use gapless sequences only where the law requires them",
        "severity": "low",
        "rule": "ir.sequence with implementation 'no_gap' locks the sequence row until commit: use it "
        "only for legally gapless numbering, per company or warehouse, never for internal references.",
        "fix": "Delivery slip numbering uses a standard sequence per warehouse.",
        "incident": "Concurrent deliveries waited on the sequence lock; validation took 20 seconds.",
        "root_cause": "A no_gap sequence was used for delivery slips.",
    },
    {
        "name": "Retry serialization failures instead of swallowing them",
        "severity": "high",
        "rule": "Concurrent updates of the same row (stock quants from two point of sale sessions) "
        "raise serialization failures: let Odoo retry the transaction; never catch and continue.",
        "fix": "Removed the broad except around quant updates; the request is retried.",
        "incident": "Two POS sessions sold the same last unit; quants went negative on 140 products.",
        "root_cause": "A try/except swallowed the serialization error and committed.",
    },
]

LABELLED_TASKS = [
    ("Bulk regenerate product thumbnails", [TARGETS[0]["name"]]),
    ("Sync stock levels to Amazon for merchant-fulfilled listings", [TARGETS[1]["name"]]),
    (
        "Make the nightly import safe when two workers grab the same module lock",
        [TARGETS[2]["name"]],
    ),
    ("Invoices posted just after midnight get the wrong exchange rate", [TARGETS[3]["name"]]),
    ("Rename the partner reference column in the 18.0 upgrade script", [TARGETS[4]["name"]]),
    ("Send order confirmation emails from the scheduled action", [TARGETS[5]["name"]]),
    ("Add a stored margin field on sale order lines", [TARGETS[6]["name"]]),
    ("New portal endpoint listing the customer's delivery addresses", [TARGETS[7]["name"]]),
    ("Translate the shipping wizard's error messages to German", [TARGETS[8]["name"]]),
    ("Move PDF attachments to S3 storage", [TARGETS[9]["name"]]),
    ("Show the discounted pricelist price on the website", [TARGETS[10]["name"]]),
    ("Auto-validate receipts once the barcode scan confirms all quantities", [TARGETS[11]["name"]]),
    ("Generate recurring subscription invoices for every company in the nightly cron", [TARGETS[12]["name"]]),
    ("Change the brand colors of the backend", [TARGETS[13]["name"]]),
    ("Copy the production database to staging for QA", [TARGETS[14]["name"]]),
    ("Retry failed Shopify webhooks", [TARGETS[15]["name"]]),
    ("Speed up the monthly sales dashboard", [TARGETS[16]["name"]]),
    ("Ship default email templates for returns with the module", [TARGETS[17]["name"]]),
    ("Let vendors upload high-resolution product photos", [TARGETS[18]["name"]]),
    ("Run the replenishment report every morning at 7 warehouse time", [TARGETS[19]["name"]]),
    ("Allow deleting cancelled sale orders that have journal entries", [TARGETS[20]["name"]]),
    ("Add debug logging to the marketplace API client", [TARGETS[21]["name"]]),
    ("Number delivery slips per warehouse without gaps", [TARGETS[22]["name"]]),
    ("Two POS sessions selling the last unit at once drive quants negative", [TARGETS[23]["name"]]),
]

# The filler: everyday subjects of an Odoo shop, so "product", "image", "order", "stock",
# "record" and "field" are common words across the vault.
_SUBJECTS = [
    "product images",
    "product variants",
    "product templates",
    "sale orders",
    "purchase orders",
    "stock moves",
    "invoices",
    "customer records",
    "image fields",
    "product categories",
    "attachments of products",
    "order lines",
    "partner records",
    "catalog images",
    "product descriptions",
]
_ACTIONS = [
    ("Validate", "validated"),
    ("Archive", "archived"),
    ("Import", "imported"),
    ("Export", "exported"),
    ("Update", "updated"),
    ("Duplicate", "duplicated"),
    ("Merge", "merged"),
    ("Index", "indexed"),
    ("Cache", "cached"),
    ("Check", "checked"),
]
_QUALIFIERS = [
    "before changing their fields",
    "with the ORM, not raw SQL",
    "in a single transaction",
    "only with the right access rights",
    "with an explicit company",
    "after reading the module's README",
    "with a test covering the image and product data",
    "through the model's own methods",
    "outside of onchange methods",
    "with a bounded domain",
]
_REASONS = [
    "otherwise computed fields of the product are left stale",
    "or the image data of other records is changed too",
    "because the order state depends on it",
    "since views and reports read these fields",
    "because access rules of the product model apply",
    "or records of other companies are touched",
]
_FIXES = [
    "Added a check in the model's write method and a test.",
    "The method now works on batches and logs what it changed.",
    "Moved the logic into the model and covered it with a test on product data.",
    "A guard refuses the call outside the model's own methods.",
    "The code reads the records once and writes them through the ORM.",
]
_SEVERITIES = ["low", "medium", "medium", "high", "high", "critical"]


def _filler(rng, index):
    subject = rng.choice(_SUBJECTS)
    verb, done = rng.choice(_ACTIONS)
    qualifier = rng.choice(_QUALIFIERS)
    count = rng.randint(12, 90_000)
    return {
        "name": f"{verb} {subject} {qualifier} ({index})",
        "severity": rng.choice(_SEVERITIES),
        "rule": f"{subject.capitalize()} are {done} {qualifier}; {rng.choice(_REASONS)}. "
        f"Review the product and image data the change touches.",
        "fix": rng.choice(_FIXES),
        "incident": f"{count:,} {subject} were {done} wrongly in one run.",
        "root_cause": f"The code {verb.lower()}d {subject} {rng.choice(_QUALIFIERS)} without a check."
        if rng.random() < 0.6
        else "",
    }


def make_rules(n=200, seed=11):
    """``n`` vals dicts for ``practice.rule`` (the labelled rules first, then filler), with
    dates spread over three years before 2026-11-01. Deterministic for a given seed."""
    rng = random.Random(seed)
    start = datetime.date(2023, 11, 1)
    rules = [dict(rule) for rule in TARGETS[:n]]
    for index in range(len(rules), n):
        rules.append(_filler(rng, index))
    for rule in rules:
        rule["date"] = (start + datetime.timedelta(days=rng.randint(0, 1095))).isoformat()
        rule["root_cause"] = rule.get("root_cause") or False
    return rules
