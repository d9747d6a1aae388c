# Copyright 2026 Practice Stack contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools import guard


class PracticeGuardedMixin(models.AbstractModel):
    """State, owner, audit and result fields change only through the model's own methods.

    ``readonly=True`` protects nothing over RPC. An inheriting model lists:

    * ``_guarded_fields``: refused in ``create`` (unless equal to the field's default) and in
      ``write`` (unless unchanged); the union over every class of the model (each addon that
      extends the model lists its own fields: two extensions never drop each other's);
    * ``_guarded_immutable``: set freely at creation, refused in ``write`` once created;
    * ``_guarded_actions``: the methods to use instead, named in the error.

    The model's own methods change them on ``self._guarded()`` (the caller's rights and record
    rules still apply) or as superuser after their own checks. ``default_<field>`` context keys
    of guarded fields are ignored unless granted. Every char/text value written is also bounded
    (256 / 100,000 characters; :meth:`_guard_size_limits` overrides per field).
    """

    _name = "practice.guarded.mixin"
    _description = "Practice Record with Guarded Fields"

    _guarded_fields = ()
    _guarded_immutable = ()
    _guarded_actions = ""

    @classmethod
    def _guarded_field_names(cls):
        """Every ``_guarded_fields`` of the model's classes (its extensions included)."""
        return {name for klass in cls.__mro__ for name in vars(klass).get("_guarded_fields", ())}

    # ----------------------------------------------------------------- API for the model's methods
    def _guarded(self):
        """These records, allowed to change guarded fields (caller-supplied defaults dropped)."""
        context = self._guard_context_without_defaults()
        context[guard.CONTEXT_KEY] = guard.GRANT
        # the whole context is replaced on purpose: caller-supplied defaults are dropped
        return self.with_env(self.env(context=context))

    def _guard_granted(self):
        return self.env.su or guard.is_grant(self.env.context.get(guard.CONTEXT_KEY))

    @api.model
    def _guard_size_limits(self):
        """``{field: max characters}`` overriding the defaults; extend with ``super()``."""
        return {}

    @api.model
    def _guard_parse(self, parser, *args, **kwargs):
        """Run a :mod:`..tools.guard` parser, turning its error into a UserError."""
        try:
            return parser(*args, **kwargs)
        except guard.InputError as err:
            raise UserError(str(err)) from err

    # ----------------------------------------------------------------- ORM
    @api.model_create_multi
    def create(self, vals_list):
        if not guard.is_grant(self.env.context.get(guard.CONTEXT_KEY)):
            self = self.with_env(self.env(context=self._guard_context_without_defaults()))
            if not self.env.su:
                self._guard_check_create(vals_list)
        self._guard_check_sizes(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        if not self._guard_granted():
            names = self._guarded_field_names() | set(self._guarded_immutable) | self._guard_results(vals)
            changed = sorted(name for name in names if name in vals and self._guard_changes(name, vals[name]))
            if changed:
                self._guard_refuse(changed)
        self._guard_check_sizes([vals])
        return super().write(vals)

    # ----------------------------------------------------------------- internals
    def _guard_context_without_defaults(self):
        guarded = self._guarded_field_names()
        return {
            key: value
            for key, value in self.env.context.items()
            if not (key.startswith("default_") and key[len("default_") :] in guarded)
        }

    def _guard_refuse(self, names):
        labels = ", ".join(f"{self._fields[name].string} ({name})" for name in names)
        raise AccessError(
            _(
                "%(model)s: %(fields)s change only through %(actions)s, never by a direct create or write.",
                model=self._description,
                fields=labels,
                actions=self._guarded_actions or _("the record's own actions"),
            )
        )

    @api.model
    def _guard_results(self, vals):
        """Stored computed (and related) fields among ``vals`` that are not meant to be set:
        they are results of other fields (``readonly=False`` ones are left alone)."""
        found = set()
        for name in vals:
            field = self._fields.get(name)
            if field is not None and field.store and field.compute and field.readonly:
                found.add(name)
        return found

    @api.model
    def _guard_check_create(self, vals_list):
        wanted = self._guarded_field_names().union(*(self._guard_results(vals) for vals in vals_list))
        names = sorted(name for name in wanted if any(name in vals for vals in vals_list))
        if not names:
            return
        defaults = self.default_get(names)
        refused = set()
        for vals in vals_list:
            for name in names:
                if name in vals and not self._guard_same(name, vals[name], defaults.get(name)):
                    refused.add(name)
        if refused:
            self._guard_refuse(sorted(refused))

    def _guard_same(self, name, value, other):
        """Do two values of field ``name`` mean the same (False/None/empty are one)?"""
        field = self._fields[name]
        if field.type in ("one2many", "many2many"):
            return not value and not other
        try:
            left = field.convert_to_cache(value, self.browse(), validate=False)
            right = field.convert_to_cache(other, self.browse(), validate=False)
        except (TypeError, ValueError):
            return False
        return (left or False) == (right or False)

    def _guard_changes(self, name, value):
        """Would writing ``value`` into field ``name`` change one of these records?"""
        field = self._fields[name]
        if field.type in ("one2many", "many2many"):
            return True
        for record in self:
            try:
                new = field.convert_to_cache(value, record, validate=True)
            except (TypeError, ValueError, AttributeError, KeyError):
                return True
            current = field.convert_to_cache(record[name], record, validate=False)
            if (new or False) != (current or False):
                return True
        return False

    @api.model
    def _guard_check_sizes(self, vals_list):
        types = {
            name: field.type for name, field in self._fields.items() if field.type in ("char", "text", "html")
        }
        overrides = self._guard_size_limits()
        for vals in vals_list:
            found = guard.oversized(vals, types, overrides)
            if found:
                name, length, limit = found[0]
                raise ValidationError(
                    _(
                        "%(model)s: %(field)s is limited to %(limit)s characters, got %(length)s.",
                        model=self._description,
                        field=self._fields[name].string,
                        limit=limit,
                        length=length,
                    )
                )
