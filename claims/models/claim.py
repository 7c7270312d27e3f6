import datetime

from django.contrib.postgres.search import SearchVectorField
from django.db import connection, models
from django.db.models import Case, Exists, F, FloatField, IntegerField, OuterRef, Q, Value, When
from django.db.models.functions import Coalesce, Greatest, Least, Lower, StrIndex
from django.urls import reverse
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from claims import search
from claims.models.dispute import ClaimLink, LinkType, LocatedExcerpt
from claims.models.workflow import PublicationStatus, Publishable, PublishableQuerySet
from core.dates import (
    DatePrecision,
    format_span,
    normalize_partial_date,
    validate_bounds,
)
from core.validators import validate_language_code


class Tag(models.Model):
    name = models.CharField(verbose_name=_("name"), max_length=100, unique=True)
    slug = models.SlugField(verbose_name=_("slug"), max_length=100, unique=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


def stated_sort() -> Coalesce:
    """The statement date for sorting: undated claims count as the oldest, so that a cursor
    (which compares values) never meets a NULL. Indexed for published claims."""
    return Coalesce("stated_on", Value(datetime.date.min), output_field=models.DateField())


# What the addresses under /claims/<pk>/ already name (web/urls.py): never a claim's slug,
# or its page could not be reached.
RESERVED_SLUGS = frozenset({"embed"})


def claim_slug(text: str) -> str:
    """The readable part of a claim's address: its first ten words, slugified ("claim" for
    none; a reserved word gets "-claim" after it)."""
    slug = slugify(Truncator(text).words(10, truncate="")) or "claim"
    return f"{slug}-claim" if slug in RESERVED_SLUGS else slug


class ClaimQuerySet(PublishableQuerySet):
    def with_stated_sort(self):
        return self.annotate(stated_sort=stated_sort())

    def disputed(self, disputed: bool = True):
        """Claims with (or without) at least one denial in the working copy (curators' lists;
        what the public sees is the record's own ``denial_count``)."""
        has_denial = Exists(
            ClaimLink.objects.filter(to_claim=OuterRef("pk"), type=LinkType.DENIES)
        )
        return self.filter(has_denial if disputed else ~has_denial)

    def search(self, query: str):
        """Claims matching ``query`` (``"safe corridor" -isis``, ``raqqa or palmyra``) in
        their text, original text or any excerpt reporting them. On PostgreSQL, full-text
        search in each claim's language (see claims.search), which reads the matches' ids
        at once when there are few of them (one query, here)."""
        if not search.parse_websearch(query):
            # Nothing to look for ("", "-isis"): no results, on every database alike.
            return self.none()
        if not search.uses_full_text():
            return self.filter(_plain_filter(query))
        matching = self.filter(search.full_text_filter(query))
        # A rare word is looked up first, through the GIN index: when few claims match, the
        # results are those ids, which any ordering sorts at once. Left to itself, PostgreSQL
        # may expect a rare word to be common and walk the whole date index looking for it.
        few = list(matching.order_by().values_list("pk", flat=True)[: search.FEW + 1])
        if len(few) <= search.FEW:
            return self.filter(pk__in=few)
        return matching

    def by_relevance(self, query: str):
        """These claims, the most relevant to ``query`` (``claims.search`` syntax) first,
        then the newest statement (undated last), then the newest entry.

        PostgreSQL: ``ts_rank`` of the stored vector (annotated ``search_rank``): the
        claim's text weighs most, then its original text, then the excerpts reporting it,
        and the searched words close together rank higher. Elsewhere, in this order: how
        many of the searched words and phrases its text or original text holds
        (``search_terms``), all of them written as one phrase in its text
        (``search_phrase``), how close together they first appear in its text when it
        holds them all, in characters (``search_span``), and how many of them the excerpts
        reporting it hold (``search_reported``)."""
        newest = [F("stated_on").desc(nulls_last=True), "-id"]
        if search.uses_full_text():
            rank = Coalesce(search.rank_expression(query), Value(0.0), output_field=FloatField())
            return self.annotate(search_rank=rank).order_by("-search_rank", *newest)
        return self.annotate(**_plain_relevance(query)).order_by(
            "-search_terms", "-search_phrase", "search_span", "-search_reported", *newest
        )

    def update_search_vectors(self) -> None:
        """Rebuild the stored search vectors of these claims (PostgreSQL; a no-op elsewhere).
        Writes that bypass ``save()`` (bulk loads) call it themselves."""
        if not search.uses_full_text():
            return
        ids = list(self.values_list("pk", flat=True))
        if ids:
            with connection.cursor() as cursor:
                cursor.execute(search.update_vectors_sql(), [ids])


class Claim(Publishable):
    """One statement attributed to one speaker, however many sources reported it."""

    text = models.TextField(
        verbose_name=_("text"),
        help_text=_("The claim as stated (a quote) or as reported (a paraphrase), in `language`."),
    )
    is_quote = models.BooleanField(
        _("quote"),
        default=False,
        help_text=_("Ticked: the speaker's own words. Unticked: a paraphrase of what was said."),
    )
    language = models.CharField(
        verbose_name=_("language"),
        max_length=35,
        default="en",
        validators=[validate_language_code],
        help_text=_("Language of the text above, such as en."),
    )
    original_text = models.TextField(
        verbose_name=_("original text"),
        blank=True,
        help_text=_("The statement in the language it was made in, when translated."),
    )
    original_language = models.CharField(
        verbose_name=_("original language"),
        max_length=35,
        blank=True,
        validators=[validate_language_code],
    )
    speaker = models.ForeignKey(
        "claims.Speaker",
        on_delete=models.PROTECT,
        related_name="claims",
        verbose_name=_("speaker"),
    )
    speaker_title = models.CharField(
        verbose_name=_("speaker title"),
        max_length=255,
        blank=True,
        help_text=_("The speaker's title as the source gives it: “Russian Foreign Minister”."),
    )
    stated_on = models.DateField(
        verbose_name=_("stated on"),
        null=True,
        blank=True,
        help_text=_(
            "For month or year precision, any day in that month or year; "
            "it is stored as the first."
        ),
    )
    stated_on_precision = models.CharField(
        verbose_name=_("stated on precision"),
        max_length=5,
        choices=DatePrecision.choices,
        blank=True,
    )
    stated_on_inferred = models.BooleanField(
        verbose_name=_("stated on inferred"),
        default=False,
        help_text=_("Part of the date was worked out by the curator."),
    )
    stated_not_before = models.DateField(
        _("not before"),
        null=True,
        blank=True,
        help_text=_("The earliest day it can have been said (Wikidata's “earliest date”)."),
    )
    stated_not_after = models.DateField(
        _("not after"),
        null=True,
        blank=True,
        help_text=_("The latest day it can have been said (Wikidata's “latest date”)."),
    )
    stated_on_note = models.CharField(
        verbose_name=_("stated on note"),
        max_length=255,
        blank=True,
        help_text=_(
            "How the date or its bounds were worked out: “the SDF answered the MoD's "
            "27 May claim; TASS reported the answer on 31 May”."
        ),
    )
    place = models.CharField(verbose_name=_("place"), max_length=255, blank=True)
    occasion = models.CharField(verbose_name=_("occasion"), max_length=255, blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="claims", verbose_name=_("tags"))
    linked_claims = models.ManyToManyField(
        "self",
        through="claims.ClaimLink",
        through_fields=("from_claim", "to_claim"),
        symmetrical=False,
        related_name="linked_from",
        blank=True,
        verbose_name=_("linked claims"),
    )
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(verbose_name=_("updated at"), auto_now=True)
    # Full-text search on PostgreSQL (claims.search): derived from the text, the original
    # text and the excerpts, rebuilt on every save.
    search_config = models.CharField(
        verbose_name=_("search config"), max_length=20, default="simple", editable=False
    )
    search_vector = SearchVectorField(verbose_name=_("search vector"), null=True, editable=False)

    history = HistoricalRecords(
        m2m_fields=[tags], excluded_fields=["search_config", "search_vector"]
    )

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["-stated_on", "-id"]
        permissions = [
            ("publish_claim", "Can publish and withdraw claims and reviews, and correct them"),
        ]
        indexes = [
            models.Index(fields=["status", "stated_on"], name="claim_status_stated_on"),
            # Newest published first (home page, feed), ties broken by id: read in order.
            models.Index(
                fields=["status", "-published_at", "-id"], name="claim_status_published_id"
            ),
            # The partner API's list, newest statement first, and its cursor pages: an index
            # range scan at any depth.
            models.Index(
                stated_sort().desc(),
                F("id").desc(),
                condition=Q(status=PublicationStatus.PUBLISHED),
                name="claim_published_stated_sort",
            ),
        ]
        constraints = [
            *Publishable.Meta.constraints,
            models.CheckConstraint(
                condition=Q(stated_on_precision__in=[*DatePrecision.values, ""]),
                name="claim_stated_on_precision_valid",
            ),
            # A date always has a precision, and a precision always belongs to a date.
            models.CheckConstraint(
                condition=Q(stated_on__isnull=True, stated_on_precision="")
                | (Q(stated_on__isnull=False) & ~Q(stated_on_precision="")),
                name="claim_stated_on_has_precision",
                violation_error_message=_(
                    "A date needs a precision, and a precision needs a date."
                ),
            ),
            models.CheckConstraint(
                condition=Q(stated_not_before__isnull=True)
                | Q(stated_not_after__isnull=True)
                | Q(stated_not_before__lte=F("stated_not_after")),
                name="claim_stated_bounds_ordered",
                violation_error_message=_("“Not before” must come before “not after”."),
            ),
            models.CheckConstraint(
                condition=Q(original_text="") | ~Q(original_language=""),
                name="claim_original_text_has_language",
                violation_error_message=_("Say which language the original text is in."),
            ),
        ]

    def __str__(self):
        text = Truncator(self.text).chars(80)
        when = self.stated_on_display
        return f"{self.speaker.name}: {text} ({when})" if when else f"{self.speaker.name}: {text}"

    def get_absolute_url(self) -> str:
        return reverse("claim-detail", kwargs={"pk": self.pk, "slug": self.slug})

    @property
    def slug(self) -> str:
        """The readable part of the claim's address; the id alone identifies the claim."""
        if self.is_withdrawn:
            # A withdrawn claim's words are not repeated anywhere, its address included.
            return "withdrawn"
        return claim_slug(self.text)

    @property
    def stated_on_display(self) -> str:
        """The date as readers see it, bounds included: "between 27 and 31 May 2017"."""
        return format_span(
            self.stated_on, self.stated_on_precision, self.stated_not_before, self.stated_not_after
        )

    def clean(self):
        super().clean()
        # The bounds must be ordered and leave part of the date's period (core.dates).
        validate_bounds(
            self.stated_on,
            self.stated_on_precision,
            self.stated_not_before,
            self.stated_not_after,
            not_before_field="stated_not_before",
            not_after_field="stated_not_after",
        )

    def save(self, *args, **kwargs):
        # Store the canonical form so that equal partial dates compare and sort equal.
        self.stated_on = normalize_partial_date(self.stated_on, self.stated_on_precision)
        super().save(*args, **kwargs)
        Claim.objects.filter(pk=self.pk).update_search_vectors()


class Appearance(LocatedExcerpt):
    """A claim as one source reported it, and where that source took it from."""

    claim = models.ForeignKey(
        Claim, on_delete=models.CASCADE, related_name="appearances", verbose_name=_("claim")
    )
    source = models.ForeignKey(
        "sources.Source",
        on_delete=models.PROTECT,
        related_name="appearances",
        verbose_name=_("source"),
    )
    excerpt = models.TextField(
        verbose_name=_("excerpt"), help_text=_("The passage exactly as the source printed it.")
    )
    attribution = models.CharField(
        verbose_name=_("attribution"),
        max_length=500,
        blank=True,
        help_text=_(
            "How the source attributes it: “A source in Russia’s Defense Ministry said on May 27”."
        ),
    )
    relayed_from = models.ForeignKey(
        "sources.Source",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="relays",
        help_text=_(
            "The source this one took the statement from: “carried by Sputnik”, "
            "“quoting RIA Novosti”."
        ),
        verbose_name=_("relayed from"),
    )
    marked_first = models.BooleanField(
        _("first known appearance (override)"),
        default=False,
        help_text=_(
            "Only when the sources' dates do not show it; the first appearance is "
            "otherwise worked out from them."
        ),
    )
    marked_first_reason = models.CharField(
        _("why it is the first"),
        max_length=500,
        blank=True,
        help_text=_("Required with the override: what shows this report came first."),
    )
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "source"],
                name="appearance_unique",
                violation_error_message=_("This claim is already linked to this source."),
            ),
            models.UniqueConstraint(
                fields=["claim"],
                condition=Q(marked_first=True),
                name="appearance_one_first_per_claim",
                violation_error_message=_("Only one appearance can be the first known one."),
            ),
            models.CheckConstraint(
                condition=Q(marked_first=False) | ~Q(marked_first_reason=""),
                name="appearance_marked_first_has_reason",
                violation_error_message=_("Say why this appearance is the first known one."),
            ),
            models.CheckConstraint(
                condition=~Q(relayed_from=F("source")),
                name="appearance_not_relayed_from_itself",
                violation_error_message=_("A source cannot relay from itself."),
            ),
        ]

    def __str__(self):
        return f"{self.claim_id} in {self.source}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # The excerpt is part of the claim's search vector.
        Claim.objects.filter(pk=self.claim_id).update_search_vectors()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        Claim.objects.filter(pk=self.claim_id).update_search_vectors()
        return result


def _plain_filter(query: str) -> Q:
    """``query`` (``claims.search`` syntax) as a condition on a claim's text, original text
    and excerpts, in any case: the search where PostgreSQL's full text is not available."""

    def contains(text: str) -> Q:
        in_excerpt = Appearance.objects.filter(claim=OuterRef("pk"), excerpt__icontains=text)
        return Q(text__icontains=text) | Q(original_text__icontains=text) | Q(Exists(in_excerpt))

    condition = Q(pk__in=[])
    for terms in search.parse_websearch(query):
        branch = Q()
        for term in terms:
            branch &= ~contains(term.text) if term.negated else contains(term.text)
        condition |= branch
    return condition


def _plain_relevance(query: str) -> dict:
    """The annotations ``ClaimQuerySet.by_relevance`` orders by where PostgreSQL's full
    text is not available (every term matched case-insensitively, as ``_plain_filter``)."""
    terms = [
        term.text for terms in search.parse_websearch(query) for term in terms if not term.negated
    ][: search.MAX_QUERY_WORDS]

    def count(conditions) -> models.Expression:
        total = Value(0)
        for condition in conditions:
            total += Case(When(condition, then=Value(1)), default=Value(0))
        return models.ExpressionWrapper(total, output_field=IntegerField())

    in_text = [Q(text__icontains=t) | Q(original_text__icontains=t) for t in terms]
    reported = [
        Exists(Appearance.objects.filter(claim=OuterRef("pk"), excerpt__icontains=t))
        for t in terms
    ]
    annotations = {
        "search_terms": count(in_text),
        "search_reported": count(reported),
        "search_phrase": Value(0),
        "search_span": Value(0),
    }
    if len(terms) > 1:
        annotations["search_phrase"] = count([Q(text__icontains=" ".join(terms))])
        # Measured where the text holds them all; otherwise the count above decides.
        positions = [StrIndex(Lower("text"), Value(t.lower())) for t in terms]
        every_term = Q()
        for t in terms:
            every_term &= Q(text__icontains=t)
        annotations["search_span"] = Case(
            When(every_term, then=Greatest(*positions) - Least(*positions)), default=Value(0)
        )
    return annotations
