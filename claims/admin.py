"""A first admin for browsing and correcting the data. The curation workflow (roles, history,
duplicate warnings) is built on top of this in its own issue."""

from django.contrib import admin

from claims.models import (
    Appearance,
    Claim,
    Correction,
    Denial,
    Evidence,
    Rating,
    RatingScale,
    Review,
    Speaker,
    SpeakerAlias,
    Tag,
)


class SpeakerAliasInline(admin.TabularInline):
    model = SpeakerAlias
    extra = 1


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "affiliation", "country", "wikidata_id"]
    list_filter = ["kind", "country"]
    list_select_related = ["affiliation"]
    search_fields = ["name", "aliases__name", "wikidata_id"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["affiliation"]
    inlines = [SpeakerAliasInline]


@admin.register(SpeakerAlias)
class SpeakerAliasAdmin(admin.ModelAdmin):
    list_display = ["name", "speaker"]
    list_select_related = ["speaker"]
    search_fields = ["name", "speaker__name"]
    autocomplete_fields = ["speaker"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class AppearanceInline(admin.StackedInline):
    model = Appearance
    extra = 0
    autocomplete_fields = ["source"]


class DenialsMadeInline(admin.TabularInline):
    model = Denial
    fk_name = "denying_claim"
    extra = 0
    autocomplete_fields = ["denied_claim"]
    verbose_name = "claim this claim denies"
    verbose_name_plural = "denies"


class DenialsReceivedInline(admin.TabularInline):
    model = Denial
    fk_name = "denied_claim"
    extra = 0
    autocomplete_fields = ["denying_claim"]
    verbose_name = "claim denying this claim"
    verbose_name_plural = "denied by"


class EvidenceInline(admin.StackedInline):
    model = Evidence
    fk_name = "claim"
    extra = 0
    autocomplete_fields = ["source", "backing_claim"]


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = ["__str__", "speaker", "stated_on_display", "is_quote", "status"]
    list_filter = ["status", "is_quote", "language", "speaker__kind", "tags"]
    list_select_related = ["speaker"]
    search_fields = ["text", "original_text", "speaker__name", "speaker__aliases__name"]
    autocomplete_fields = ["speaker", "tags"]
    readonly_fields = ["published_at", "withdrawn_at", "created_at", "updated_at"]
    inlines = [AppearanceInline, DenialsMadeInline, DenialsReceivedInline, EvidenceInline]

    @admin.display(description="stated on", ordering="stated_on")
    def stated_on_display(self, claim):
        return claim.stated_on_display


@admin.register(Appearance)
class AppearanceAdmin(admin.ModelAdmin):
    list_display = ["__str__", "claim", "source", "is_first"]
    list_filter = ["is_first"]
    list_select_related = ["claim__speaker", "source__outlet"]
    search_fields = ["excerpt", "attribution", "source__title", "source__url"]
    autocomplete_fields = ["claim", "source"]


@admin.register(Denial)
class DenialAdmin(admin.ModelAdmin):
    list_display = ["__str__", "denying_claim", "denied_claim", "created_at"]
    list_select_related = ["denying_claim__speaker", "denied_claim__speaker"]
    autocomplete_fields = ["denying_claim", "denied_claim"]


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ["__str__", "claim", "stance", "source", "backing_claim"]
    list_filter = ["stance"]
    list_select_related = ["claim__speaker", "source__outlet", "backing_claim__speaker"]
    autocomplete_fields = ["claim", "source", "backing_claim"]


class RatingInline(admin.TabularInline):
    model = Rating
    extra = 1
    prepopulated_fields = {"slug": ["name"]}


@admin.register(RatingScale)
class RatingScaleAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [RatingInline]


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ["name", "scale", "position", "value"]
    list_filter = ["scale"]
    list_select_related = ["scale"]
    search_fields = ["name", "scale__name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["claim", "rating", "reviewer_organisation", "reviewed_on", "status"]
    list_filter = ["status", "rating__scale", "rating"]
    list_select_related = ["claim__speaker", "rating__scale"]
    search_fields = ["summary", "claim__text", "reviewer_name", "reviewer_organisation"]
    autocomplete_fields = ["claim", "rating"]
    readonly_fields = ["published_at", "withdrawn_at", "created_at", "updated_at"]


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "claim", "corrected_on"]
    list_select_related = ["claim__speaker"]
    autocomplete_fields = ["claim"]
    date_hierarchy = "corrected_on"
