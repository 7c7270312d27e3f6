"""Slugs made from names, free in their table."""

from django.utils.text import slugify


def unique_slug(model, name: str, *, fallback: str, **scope) -> str:
    """A slug for ``name`` that no row of ``model`` (within ``scope``: field lookups) has
    yet: ``slugify(name)`` cut to leave room for a suffix, then ``-2``, ``-3`` … when
    taken; ``fallback`` when the name has no letter or digit a slug keeps ("«»").
    One query per slug tried. A row written meanwhile with the same slug makes the save
    fail on the column's unique constraint: callers save in a transaction."""
    length = model._meta.get_field("slug").max_length
    base = slugify(name)[: length - 8] or fallback
    slug, n = base, 1
    while model._default_manager.filter(slug=slug, **scope).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug
