"""Names of the things curators create by name (outlets, speakers, organisations): written
one way, and found however a recorded one was written, so that neither the source workbench
nor the ClaimReview importer adds a second "José Pérez".

- ``written(name)``: the name as stored: composed accents (NFC), without the invisible
  characters pasting brings (zero-width space, soft hyphen, direction marks, byte-order
  mark), spaces collapsed.
- ``key(name)``: what two names that read the same share (``written``, compatibility forms
  folded, case folded): for dictionaries of names.
- ``forms(name)``: the spellings a recorded name may have, for a database look-up.
- ``recorded(model, name)``: the row of ``model`` with that name (or, for speakers, alias)
  in any case, its accents composed or not, its letters full-width or not.
- ``lock(model, names)``: held until the transaction ends, so that two saves naming the
  same new row one after the other (``recorded`` checked again under it) make one row.
"""

from __future__ import annotations

import re
import unicodedata

from django.db import router
from django.db.models import Q

from core.db import lock_keys

# Format characters pasted from web pages and PDFs, never part of a name as read. The
# zero-width (non-)joiners are left: Persian and Indic names are spelled with them.
INVISIBLE = re.compile("[\u00ad\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]")


def written(name: str) -> str:
    """``name`` as the workbench stores it ("" stays "")."""
    return " ".join(INVISIBLE.sub("", unicodedata.normalize("NFC", name)).split())


def forms(name: str) -> set[str]:
    """The ways ``name`` may have been recorded: as written, decomposed, compatibility
    forms (full-width ｊ, ligatures) folded."""
    name = written(name)
    return {name, unicodedata.normalize("NFD", name), unicodedata.normalize("NFKC", name)}


def recorded(model, name: str, *, aliases: bool = False):
    """The first row of ``model`` (by id) named ``name`` in any of its forms (``forms``),
    in any case (the database's case folding: all of Unicode on PostgreSQL, ASCII on
    SQLite), or with such an alias (``aliases``: speakers); None when there is none.
    One query."""
    match = Q()
    for form in forms(name):
        match |= Q(name__iexact=form)
        if aliases:
            match |= Q(aliases__name__iexact=form)
    return model._default_manager.filter(match).order_by("pk").first()


def same(one: str, other: str) -> bool:
    """Whether two names read the same (``key``)."""
    return key(one) == key(other)


def key(name: str) -> str:
    """What names that read the same share: ``written``, compatibility forms folded
    (NFKC), case folded."""
    return unicodedata.normalize("NFKC", written(name)).casefold()


def lock(model, names) -> None:
    """Lock each of ``names`` for new rows of ``model`` until the transaction ends
    (``core.db.lock_keys``): a save that then checks ``recorded`` sees a row another save
    created with the same name, however written."""
    label = model._meta.label_lower
    lock_keys((f"{label}:{key(name)}" for name in names), using=router.db_for_write(model))
