import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import mark_safe

from web import disputes

register = template.Library()

# As django.utils.html.json_script escapes: nothing in the data can close the script element.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def jsonld(data) -> str:
    """A ``<script type="application/ld+json">`` block for ``data``."""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1)
    return mark_safe(
        f'<script type="application/ld+json">{payload.translate(_SCRIPT_ESCAPES)}</script>'
    )


@register.simple_tag(takes_context=True)
def absolute_url(context, path: str) -> str:
    return context["request"].build_absolute_uri(path)


@register.filter
def clip(text: str, limit: int) -> str:
    """``text`` cut at a word's end to at most ``limit`` characters (web.disputes.clip)."""
    return disputes.clip(text, int(limit))


@register.simple_tag
def card_disputes(claim) -> disputes.CardDisputes:
    """What a claim's card says of its denials (web.disputes.card_disputes):
    ``{% card_disputes claim as said %}``."""
    return disputes.card_disputes(claim)
