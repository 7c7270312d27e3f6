"""The claim admin: a whole dispute entered from one page (appearances, denials both ways,
evidence), with a warning when a claim like the new one already exists."""

from django.contrib import admin, messages
from django.contrib.admin.views.main import ORDER_VAR
from django.db.models import OuterRef, Q
from django.http import JsonResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from claims.models import Appearance, Claim, ClaimLink, Correction, Evidence, LinkType, Speaker
from claims.similarity import Answer, form_links, similar_claims, similar_to_saved
from core.admin.changelist import SafeChangeList, SafeChangeListMixin
from core.admin.concurrency import ConcurrentEditMixin
from core.admin.dates import DateBoundField, PartialDateField, PartialDateFormMixin
from core.admin.widgets import (
    BoundedStackedInline,
    BoundedTabularInline,
    LinkFormSet,
    SafeAutocompleteMixin,
    can_be_id,
)
from core.db import subquery_count
from curation.admin.filters import RatingFilter
from curation.admin.workflow import WorkflowAdminMixin
from curation.editing import PublishedRecordAdminMixin
from record.models import Kind
from record.services import claim_publish, claim_sync, claim_withdraw, claims_publish

# The claims one form may name to the similar-claims look-up (links and evidence), at most.
MAX_FORM_LINKS = 300


class AppearanceInline(SafeAutocompleteMixin, BoundedStackedInline):
    formset = LinkFormSet
    model = Appearance
    extra = 0
    autocomplete_fields = ["source", "relayed_from"]
    fields = [
        ("source", "relayed_from"),
        "attribution",
        "excerpt",
        ("marked_first", "marked_first_reason"),
    ]


class LinksOutInline(SafeAutocompleteMixin, BoundedTabularInline):
    """What this claim answers: "this claim <denies> <that claim>"."""

    formset = LinkFormSet
    model = ClaimLink
    fk_name = "from_claim"
    extra = 0
    autocomplete_fields = ["to_claim"]
    fields = ["type", "to_claim", "note"]
    verbose_name = _("claim this one answers")
    verbose_name_plural = _("This claim answers (denies, confirms, retracts, …)")


class LinksInInline(SafeAutocompleteMixin, BoundedTabularInline):
    """What answers this claim: "<that claim> <denies> this claim"."""

    formset = LinkFormSet
    model = ClaimLink
    fk_name = "to_claim"
    extra = 0
    autocomplete_fields = ["from_claim"]
    fields = ["from_claim", "type", "note"]
    verbose_name = _("claim answering this one")
    verbose_name_plural = _("Answered by (denied, confirmed, retracted, …)")


class EvidenceInline(SafeAutocompleteMixin, BoundedStackedInline):
    formset = LinkFormSet
    model = Evidence
    fk_name = "claim"
    extra = 0
    autocomplete_fields = ["source", "backing_claim"]
    fields = [("stance", "source", "backing_claim"), "excerpt", "note"]


class CorrectionInline(BoundedTabularInline):
    """Public corrections: editors only (contributors have no permission to add them)."""

    model = Correction
    extra = 0
    fields = ["corrected_on", "note"]


class DisputedFilter(admin.SimpleListFilter):
    title = _("disputed")
    parameter_name = "disputed"

    def lookups(self, request, model_admin):
        return [("yes", _("Denied by a claim")), ("no", _("Not denied"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            # Curators see every denial, drafts included.
            return queryset.disputed(self.value() == "yes")
        return queryset


class RankedChangeList(SafeChangeList):
    """The claim list: a search lists the most relevant claims first (the order
    ``ClaimAdmin.get_search_results`` gives), until the curator sorts by a column."""

    def ranked(self) -> bool:
        return bool(self.query.strip()) and not self.params.get(ORDER_VAR)

    def get_queryset(self, request, exclude_parameters=None):
        queryset = super().get_queryset(request, exclude_parameters)
        if self.query.strip() and not self.ranked():
            # Django sorts before it searches, and the search ranks: the column chosen
            # comes first again, relevance breaking its ties.
            return queryset.order_by(*self.get_ordering(request, queryset))
        return queryset

    def get_ordering_field_columns(self):
        # Ranked, no column is the one sorted by: none shows an arrow.
        return {} if self.ranked() else super().get_ordering_field_columns()


class ClaimForm(PartialDateFormMixin):
    """The claim's date typed as text; the precision follows from what was typed."""

    partial_date = ("stated_on", "stated_on_precision")
    stated_on = PartialDateField(label=_("Stated"))
    stated_not_before = DateBoundField(end="first", label=_("Not before"))
    stated_not_after = DateBoundField(end="last", label=_("Not after"))

    class Meta:
        # Curators' words for the date's companions, not the columns' names.
        labels = {
            "stated_on_inferred": _("Date worked out by the curator"),
            "stated_on_note": _("How the date was worked out"),
        }


@admin.register(Claim)
class ClaimAdmin(
    PublishedRecordAdminMixin,
    ConcurrentEditMixin,
    WorkflowAdminMixin,
    SafeChangeListMixin,
    SafeAutocompleteMixin,
    SimpleHistoryAdmin,
):
    list_display = [
        "short_text",
        "speaker",
        "stated",
        "status",
        "denied_by_count",
        "evidence_total",
        "updated_at",
    ]
    list_filter = ["status", DisputedFilter, RatingFilter, "speaker__kind", "tags", "language"]
    # The speaker is joined; counts come as subqueries: a page of 100 claims is 1 query
    # however many claims there are.
    list_select_related = ["speaker"]
    list_per_page = 50
    search_fields = [
        "text",
        "original_text",
        "speaker__name",
        "speaker__aliases__name",
        "appearances__source__title",
        "appearances__source__url",
    ]
    search_help_text = _(
        "Words of the claim, its speaker (or an alias), or a source's title or URL."
    )
    autocomplete_fields = ["speaker", "tags"]
    readonly_fields = ["created_at", "updated_at"]
    date_hierarchy = "stated_on"
    actions = ["submit_for_review", "publish", "withdraw"]
    save_on_top = True
    fieldsets = [
        (None, {"fields": ["text", "is_quote", "language", ("speaker", "speaker_title")]}),
        (
            _("When and where"),
            {
                "fields": [
                    ("stated_on", "stated_on_inferred"),
                    ("stated_not_before", "stated_not_after"),
                    "stated_on_note",
                    ("place", "occasion"),
                    "tags",
                ]
            },
        ),
        (
            _("Translation"),
            {"fields": ["original_text", "original_language"], "classes": ["collapse"]},
        ),
        (
            _("Workflow"),
            {"fields": ["status", "withdrawn_reason", "published_at", "withdrawn_at"]},
        ),
        (_("Record"), {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]
    inlines = [
        AppearanceInline,
        LinksOutInline,
        LinksInInline,
        EvidenceInline,
        CorrectionInline,
    ]

    form = ClaimForm
    record_kind = Kind.CLAIM

    class Media:
        js = ["claims/admin/similar-claims.js"]
        css = {"all": ["claims/admin/curation.css"]}

    def publish_item(self, item, user) -> None:
        claim_publish(claim=item, by=user)

    def publish_items(self, items: list, user) -> None:
        # One publication: claims published together (a claim and its denial) are each
        # written once, showing one another.
        claims_publish(claims=items, by=user)

    def withdraw_item(self, item, reason: str, user) -> None:
        claim_withdraw(claim=item, reason=reason, by=user)

    def record_status(self, item, user) -> None:
        claim_sync(item, by=user)

    def get_queryset(self, request):
        # The speaker is joined: the list shows it, and each autocomplete result names it.
        queryset = super().get_queryset(request).select_related("speaker")
        return queryset.annotate(
            denied_by_total=subquery_count(
                ClaimLink.objects.filter(to_claim=OuterRef("pk"), type=LinkType.DENIES)
            ),
            evidence_total=subquery_count(Evidence.objects.filter(claim=OuterRef("pk"))),
        )

    @admin.display(description=_("claim"), ordering="text")
    def short_text(self, claim):
        return Truncator(claim.text).chars(90)

    @admin.display(description=_("stated"), ordering="stated_on")
    def stated(self, claim):
        return claim.stated_on_display or "—"

    @admin.display(description=_("denied by"), ordering="denied_by_total")
    def denied_by_count(self, claim):
        return claim.denied_by_total

    @admin.display(description=_("evidence"), ordering="evidence_total")
    def evidence_total(self, claim):
        return claim.evidence_total

    def get_search_results(self, request, queryset, search_term):
        """The admin's own field search (speaker names and aliases, source titles and URLs),
        or the site's search over texts and excerpts (phrases, exclusions, stemming on
        PostgreSQL): a claim found either way is listed once, the most relevant first
        (``ClaimQuerySet.by_relevance``): in the list, and in every autocomplete that picks
        a claim (links, evidence, appearances, reviews)."""
        search_term = search_term.replace("\x00", "")  # see SafeChangeListMixin
        if not search_term.strip():
            return queryset, False
        by_fields, _ = super().get_search_results(request, queryset, search_term)
        by_text = Claim.objects.search(search_term).values("pk")
        matched = Q(pk__in=by_fields.values("pk")) | Q(pk__in=by_text)
        return queryset.filter(matched).by_relevance(search_term), False

    def get_changelist(self, request, **kwargs):
        return RankedChangeList

    def lookup_allowed(self, lookup, value, request=None):
        # The source list links here: "the claims this source reports".
        if lookup == "appearances__source__id__exact":
            return True
        return super().lookup_allowed(lookup, value, request)

    def get_urls(self):
        return [
            path(
                "similar/",
                self.admin_site.admin_view(self.similar_view),
                name="claims_claim_similar",
            ),
            *super().get_urls(),
        ]

    def similar_view(self, request):
        """Claims like the one being typed, for the warning on the claim form: ``text``,
        ``speaker``, ``exclude`` (the claim's own id on its change page), ``linked`` (each
        claim the form links, repeated) and ``answers`` (``denies:12``, what the form says
        the claim answers, repeated). Values that name nothing are left out."""
        if not self.has_view_or_change_permission(request):
            return JsonResponse({"detail": _("Not allowed.")}, status=403)
        # Ids as the form sends them; anything else ("²", 2**64) is no id, not a crash.
        speaker = request.GET.get("speaker", "")
        exclude = request.GET.get("exclude", "")
        exclude_pk = int(exclude) if can_be_id(Claim._meta.pk, exclude) else None
        linked = {
            int(value)
            for value in request.GET.getlist("linked")[:MAX_FORM_LINKS]
            if can_be_id(Claim._meta.pk, value)
        }
        answers = []
        for value in request.GET.getlist("answers")[:MAX_FORM_LINKS]:
            link_type, _colon, claim = value.partition(":")
            if link_type in LinkType.values and can_be_id(Claim._meta.pk, claim):
                answers.append(Answer(link_type, int(claim)))
        if exclude_pk is not None:
            # The links already saved show on the form too.
            linked |= form_links(exclude_pk)[0]
        claims = similar_claims(
            request.GET.get("text", "")[:2000],
            speaker_id=int(speaker) if can_be_id(Speaker._meta.pk, speaker) else None,
            exclude_pk=exclude_pk,
            linked=linked,
            answers=answers,
        )
        return JsonResponse(
            {
                "results": [
                    {
                        "id": claim.pk,
                        "text": Truncator(claim.text).chars(160),
                        "speaker": claim.speaker.name,
                        "stated": claim.stated_on_display,
                        "status": claim.get_status_display(),
                        "similarity": round(claim.similarity, 2),
                        "why": ", ".join(claim.reasons),
                        "may_be_same_claim": claim.may_be_same_claim,
                        "url": reverse("admin:claims_claim_change", args=[claim.pk]),
                    }
                    for claim in claims
                ]
            }
        )

    def pks_locked_with(self, pk):
        # A link shows on both claims' pages, and saving one from here stamps the other
        # claim (save_related): that claim is locked with this one, in one ordered lock.
        pairs = ClaimLink.objects.filter(Q(from_claim=pk) | Q(to_claim=pk))
        return {claim for pair in pairs.values_list("from_claim", "to_claim") for claim in pair}

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Pages of the other claims of the links added, changed or removed here show them
        # too: they get a new version, so that an open one cannot write an old copy back.
        others = set()
        for formset in formsets:
            if formset.model is not ClaimLink:
                continue
            for row in formset.forms:
                if row in formset.deleted_forms or row.has_changed():
                    for name in ("from_claim", "to_claim"):
                        others.update({row.initial.get(name), getattr(row.instance, f"{name}_id")})
        others -= {None, form.instance.pk}
        if others:
            self.stamp_versions(
                request, others, f"Links changed on the page of claim {form.instance.pk}"
            )

    def response_add(self, request, obj, post_url_continue=None):
        # The warning never blocks saving; once the claim and its links are saved, it says
        # where to look, leaving out the claims the form linked.
        similar = similar_to_saved(obj)
        if similar:
            items = format_html_join(
                "; ",
                '<a href="{}">{}</a> ({})',
                (
                    (
                        reverse("admin:claims_claim_change", args=[c.pk]),
                        Truncator(c.text).chars(60),
                        ", ".join(c.reasons),
                    )
                    for c in similar
                ),
            )
            messages.warning(
                request,
                format_html(_("Claims like this one already exist — check: {}"), items),
            )
        return super().response_add(request, obj, post_url_continue)
