import re

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.text import Truncator
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from record import queries
from web.disputes import card_disputes

FEED_SIZE = 50

# What XML 1.0 cannot carry at all (C0 controls but tab and line breaks, lone surrogates,
# U+FFFE and U+FFFF). Input refuses the controls (factcheck/validators.py), but a row
# written another way (a script, an old import, the shell) must not take the feed down
# for everyone: Django's XML writer raises on them, a 500.
XML_FORBIDDEN = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(value):
    """``value`` without the characters XML 1.0 forbids, and so each text of a list
    (categories); other values as they are."""
    if isinstance(value, str):
        return XML_FORBIDDEN.sub("", value)
    if isinstance(value, (list, tuple)):
        return type(value)(xml_safe(item) for item in value)
    return value


class SafeAtom1Feed(Atom1Feed):
    """Django's Atom feed, with every text of the feed and of each entry made XML-safe on
    the way in: whatever a row holds, the feed stays well-formed."""

    def __init__(self, *args, **kwargs):
        super().__init__(
            *[xml_safe(value) for value in args],
            **{name: xml_safe(value) for name, value in kwargs.items()},
        )

    def add_item(self, *args, **kwargs):
        super().add_item(
            *[xml_safe(value) for value in args],
            **{name: xml_safe(value) for name, value in kwargs.items()},
        )


class LatestClaimsFeed(Feed):
    """Atom feed of the most recently published claims, as the published record has them:
    first published (``pubdate``) and the current version's time (``updated``). In each
    language of the site (``/ru/feeds/claims/``): its own words and links in it, the
    claims' words as they were said."""

    feed_type = SafeAtom1Feed
    title = _("Newly published claims")
    subtitle = _("Claims and counter-claims, newest first, as fact-checkers publish them.")

    def link(self):
        return reverse("claim-list")

    def feed_url(self):
        return reverse("claim-feed")

    def items(self):
        # One query: the newest live claim documents' cards.
        return queries.newest_claims(FEED_SIZE)

    def item_title(self, claim):
        return f"{claim.speaker.name}: {Truncator(claim.text).chars(100)}"

    def item_description(self, claim):
        kind = pgettext("claim", "Quote") if claim.is_quote else pgettext("claim", "Paraphrase")
        if claim.stated_on_display:
            kind = gettext("%(kind)s, %(date)s") % {"kind": kind, "date": claim.stated_on_display}
        # What a denial denies, and who denied the claim, as its card says them.
        said = card_disputes(claim)
        disputes = "".join(_as_sentence(s) for s in [*said.denies, said.denied_by] if s)
        # Atom's summary is of type html: feed readers render it as markup, so the claim's
        # words are escaped to stay words. (Titles are of type text, read as typed.)
        return escape(f"{kind}. {claim.text}{disputes}")

    def item_author_name(self, claim):
        return claim.speaker.name

    def item_pubdate(self, claim):
        return claim.published_at

    def item_updateddate(self, claim):
        return claim.updated_at


def _as_sentence(sentence) -> str:
    """ " Denied by Sergey Lavrov.": a card's sentence in running text (one that ends on a
    clipped or quoted claim ends there)."""
    words = str(sentence)
    return f" {words}" if words.endswith(("…", ".", "”")) else f" {words}."
