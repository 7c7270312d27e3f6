"""Lookups the ORM lacks."""

from __future__ import annotations

from django.core.exceptions import EmptyResultSet
from django.db.models import CharField, F, IntegerField, TextField
from django.db.models.lookups import In

# Joins texts sent as one parameter (``AnyOf``): the unit separator, a control character no
# text the project keeps may hold (core.validators.FORBIDDEN_CHARACTERS).
SEPARATOR = "\x1f"


class AnyOf(In):
    """``QuerySet.filter(AnyOf(F("url"), values))``: ``IN (…)`` everywhere; on PostgreSQL
    ``= ANY(…)`` with the values as one parameter. For lookups of thousands of values (a
    batch of imported records): Django prepares each value of an ``IN``, and psycopg's
    client-side binding parses each placeholder and renders a list element by element, in
    Python, which costs more than the query. Texts for a text column go as one string the
    server splits (``string_to_array``, folded into a constant array when the query is
    planned, so that indexes serve it as they serve ``IN``); other values as an array."""

    def get_prep_lookup(self):
        # Texts for a text column, numbers for a number column (or for a column not known
        # yet, an F(), which In does not prepare either) are ready as they are.
        field = None if isinstance(self.lhs, F) else getattr(self.lhs, "output_field", None)
        kinds = {type(value) for value in self.rhs}
        if (kinds == {str} and (field is None or isinstance(field, (CharField, TextField)))) or (
            kinds == {int} and (field is None or isinstance(field, IntegerField))
        ):
            return list(self.rhs)
        return super().get_prep_lookup()

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        values = [value for value in dict.fromkeys(self.rhs) if value is not None]
        if not values:
            raise EmptyResultSet
        is_text = isinstance(self.lhs.output_field, (CharField, TextField))
        if is_text and all(type(value) is str for value in values) and values != [""]:
            joined = SEPARATOR.join(values)
            if joined.count(SEPARATOR) == len(values) - 1:  # none holds the separator
                return f"{lhs} = ANY(string_to_array(%s, chr(31)))", (*lhs_params, joined)
        return f"{lhs} = ANY(%s)", (*lhs_params, values)
