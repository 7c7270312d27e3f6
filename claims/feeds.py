from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.text import Truncator

from record import queries

FEED_SIZE = 50


class LatestClaimsFeed(Feed):
    """Atom feed of the most recently published claims, as the published record has them:
    first published (``pubdate``) and the current version's time (``updated``)."""

    feed_type = Atom1Feed
    title = "Newly published claims"
    subtitle = "Claims and counter-claims, newest first, as fact-checkers publish them."
    link = reverse_lazy("claim-list")
    feed_url = reverse_lazy("claim-feed")

    def items(self):
        # One query: the newest live claim documents' cards.
        return queries.newest_claims(FEED_SIZE)

    def item_title(self, claim):
        return f"{claim.speaker.name}: {Truncator(claim.text).chars(100)}"

    def item_description(self, claim):
        kind = "Quote" if claim.is_quote else "Paraphrase"
        when = f", {claim.stated_on_display}" if claim.stated_on else ""
        # Atom's summary is of type html: feed readers render it as markup, so the claim's
        # words are escaped to stay words. (Titles are of type text, read as typed.)
        return escape(f"{kind}{when}. {claim.text}")

    def item_author_name(self, claim):
        return claim.speaker.name

    def item_pubdate(self, claim):
        return claim.published_at

    def item_updateddate(self, claim):
        return claim.updated_at
