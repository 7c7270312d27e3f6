"""A partner's mirror, and a desk of curators acting at random: the change feed's and the
webhooks' tests replay the one into the other (tests/api/test_changes.py,
tests/webhooks/)."""

import json
import random

from claims.models import PublicationStatus, Review
from record.services import claim_sync, republish_if_public, review_sync
from tests.api.answers import read_feed
from tests.factories import (
    AppearanceFactory,
    ClaimFactory,
    ClaimLinkFactory,
    RatingFactory,
    ReviewFactory,
    SourceFactory,
    withdraw,
)


class Mirror:
    """A partner's copy, built from the feed alone: the last document of each address, or
    the body of its 410 once withdrawn."""

    def __init__(self, client):
        self.client, self.after, self.documents, self.gone = client, 0, {}, set()

    def poll(self) -> None:
        items, _ = read_feed(self.client, after=self.after)
        for item in items:
            assert item["seq"] > self.after  # in order, each once
            self.after = item["seq"]
            self.apply(item)

    def apply(self, item: dict) -> None:
        self.documents[item["api_url"]] = item["document"]
        if item["event"] == "withdrawn":
            self.gone.add(item["api_url"])
        else:
            self.gone.discard(item["api_url"])

    def assert_holds_what_the_api_serves(self) -> None:
        for url, document in self.documents.items():
            answer = self.client.get(url)
            assert answer.status_code == (410 if url in self.gone else 200), url
            assert json.loads(answer.content) == document, url
        live = {url for url in self.documents if url not in self.gone}
        assert live == every_live_address(self.client)


class Desk:
    """Random curator actions, each as the admin would do it (the working copy, then the
    publish step the action implies)."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.claims = []
        self.sources = [SourceFactory() for _ in range(3)]
        self.ratings = [RatingFactory(name=name) for name in ("True", "Unproven", "False")]

    def live(self):
        return [c for c in self.claims if c.status == PublicationStatus.PUBLISHED]

    def act(self) -> str:
        rng, live = self.rng, self.live()
        action = rng.choice(
            [
                "create",
                "create",
                "draft",
                "edit",
                "verdict",
                "deny",
                "appear",
                "withdraw",
                "rename speaker",
            ]
            if live
            else ["create", "draft"]
        )
        if action == "create":
            speaker = self._speaker()
            self.claims.append(ClaimFactory(**({"speaker": speaker} if speaker else {})))
        elif action == "draft":
            ClaimFactory(draft=True)
        elif action == "edit":
            claim = rng.choice(live)
            claim.text = f"{claim.text.split(' (')[0]} (edit {rng.randrange(10**6)})"
            claim.save()
            claim_sync(claim)
        elif action == "verdict":
            claim = rng.choice(live)
            review = Review.objects.filter(claim=claim).first()
            rating = rng.choice(self.ratings)
            if review is None:
                ReviewFactory(claim=claim, rating=rating)
            else:
                review.rating = rating
                review.save()
                review_sync(review=review)
        elif action == "deny" and len(live) > 1:
            denying, denied = rng.sample(live, 2)
            if not denying.links_out.filter(to_claim=denied).exists():
                ClaimLinkFactory(from_claim=denying, to_claim=denied)
        elif action == "appear":
            claim, source = rng.choice(live), rng.choice(self.sources)
            if not claim.appearances.filter(source=source).exists():
                AppearanceFactory(claim=claim, source=source)
        elif action == "withdraw":
            withdraw(rng.choice(live), f"Withdrawn at step {rng.randrange(10**6)}.")
        elif action == "rename speaker":
            speaker = rng.choice(live).speaker
            speaker.name = f"Speaker renamed {rng.randrange(10**6)}"
            speaker.save()
            republish_if_public(kind="speaker", obj=speaker)
        return action

    def _speaker(self):
        # Claims share speakers often, so that renaming one changes several documents; each
        # speaker is as likely as another (by claim, a few would gather hundreds of claims
        # over 2,000 actions, and every rename would republish them all).
        mine = sorted({c.speaker_id: c.speaker for c in self.claims}.items())
        return self.rng.choice(mine)[1] if mine and self.rng.random() < 0.6 else None


def every_live_address(client) -> set[str]:
    addresses = set()
    for name in ("claims", "speakers", "sources", "outlets"):
        url = f"/api/v1/{name}/?page_size=100"
        while url:
            page = client.get(url).json()
            addresses |= {item["api_url"] for item in page["results"]}
            url = page["next"]
    return addresses
