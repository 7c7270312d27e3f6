"""The workbench's two forms: a source from an article (``SourceEntryForm``) and a claim
from a passage of its stored text (``ClaimEntryForm``). They read and check what was
typed, selected and picked; ``curation.workbench.entry`` writes it, through the models'
own validation."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from claims.models import Claim, ClaimLink, Speaker, SpeakerKind
from claims.similarity import similar_claims
from core import names
from core.admin.dates import DateBoundField, PartialDateField, PartialDateFormMixin
from core.admin.widgets import SafeAutocompleteSelect, can_be_id
from core.validators import validate_language_code
from curation.workbench import text as article
from curation.workbench.entry import (
    ORGANISATION_RECORDED,
    OUTLET_RECORDED,
    SPEAKER_RECORDED,
    ClaimEntry,
    NewSpeaker,
    PlannedLink,
    relation_choices,
)
from sources.models import Outlet, OutletKind, Source

# The largest file the workbench reads: an article's page or text, with room to spare.
UPLOAD_MAX_BYTES = 5_000_000
# The longest claim text taken (an article's whole paragraph is far shorter).
CLAIM_MAX_CHARS = 10_000


def autocomplete(model, field: str) -> SafeAutocompleteSelect:
    """The admin's own search-as-you-type picker, for the field ``model.field`` refers by
    (it says which admin searches, and who may see the results)."""
    return SafeAutocompleteSelect(model._meta.get_field(field), admin.site)


class SafeModelChoiceField(forms.ModelChoiceField):
    """A choice by id where anything that cannot be an id ("abc", 2**64) is an invalid
    choice, not a database error (``core.admin.widgets.can_be_id``)."""

    def to_python(self, value):
        if value not in self.empty_values and not can_be_id(self.queryset.model._meta.pk, value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


def _duplicate_url(url: str) -> ValidationError | None:
    """The refusal of a URL a recorded source has, with a link to that source's workbench."""
    recorded = Source.objects.filter(url=url).first() if url else None
    if recorded is None:
        return None
    return ValidationError(
        format_html(
            gettext(
                'A source with this URL is already recorded: <a href="{}">enter claims from it '
                "on the workbench</a>."
            ),
            reverse("admin:sources_source_workbench", args=[recorded.pk]),
        ),
        code="duplicate_url",
    )


def _is_url(value: str) -> bool:
    """Whether ``value`` is an address a source's URL field takes (as long, as formed)."""
    if not value or len(value) > Source._meta.get_field("url").max_length:
        return False
    try:
        URLValidator()(value)
    except ValidationError:
        return False
    return True


# ---------------------------------------------------------------------------------------
# A source


class SourceEntryForm(PartialDateFormMixin):
    """A new source: where it was published and its text, given one way of three: the
    text pasted, the web page's HTML pasted, or a file (text or HTML). HTML is reduced to
    the article's text (``curation.workbench.text.article_text``); the text is stored as
    given (line breaks as ``\\n``), and is what every excerpt taken from it is checked
    against. Its outlet is picked, or named to be created."""

    partial_date = ("published_on", "published_on_precision")
    published_on = PartialDateField(label=_("Published"))
    outlet = SafeModelChoiceField(
        Outlet.objects.all(), required=False, widget=autocomplete(Source, "outlet")
    )
    new_outlet_name = forms.CharField(
        label=_("…or a new outlet"), required=False, max_length=255, help_text=_("Its name: TASS.")
    )
    new_outlet_kind = forms.ChoiceField(
        label=_("New outlet's kind"),
        choices=OutletKind.choices,
        initial=OutletKind.NEWS_AGENCY,
        required=False,
    )
    full_text = forms.CharField(
        label=_("The article's text"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Pasted as published, defects included: excerpts are taken from it."),
    )
    html = forms.CharField(
        label=_("…or its web page's HTML"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "The article's text is taken from it (trafilatura); menus and footers are left out."
        ),
    )
    upload = forms.FileField(
        label=_("…or a file"),
        required=False,
        help_text=_("A text file (UTF-8) or a saved web page (.html)."),
    )

    class Meta:
        model = Source
        fields = [
            "title",
            "url",
            "outlet",
            "kind",
            "language",
            "published_on",
            "dateline",
            "authors",
            "full_text",
        ]
        help_texts = {"title": _("Left empty, the web page's own title is used.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Filled from the page's HTML when left empty; otherwise required (clean).
        self.fields["title"].required = False
        self.extracted = False
        # A form sends this much besides files (Django answers more with a bare 400).
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit:
            larger = gettext(
                "A page over %(page)s MB: save it and choose the file instead (up to %(file)s MB)."
            ) % {"page": f"{limit / 1_048_576:.1f}", "file": UPLOAD_MAX_BYTES // 1_000_000}
            self.fields["html"].help_text = f"{self.fields['html'].help_text} {larger}"

    def clean_url(self):
        url = self.cleaned_data.get("url", "")
        duplicate = _duplicate_url(url)
        if duplicate is not None:
            raise duplicate
        return url

    def clean_new_outlet_name(self):
        name = names.written(self.cleaned_data.get("new_outlet_name", ""))
        recorded = names.recorded(Outlet, name) if name else None
        if recorded is not None:
            raise ValidationError(OUTLET_RECORDED.format(recorded.name), code="outlet_exists")
        return name

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("outlet") and cleaned.get("new_outlet_name"):
            self.add_error(
                "new_outlet_name", _("Pick a recorded outlet or name a new one, not both.")
            )
        given = [
            name
            for name in ("full_text", "html", "upload")
            if cleaned.get(name) and (name == "upload" or cleaned[name].strip())
        ]
        if len(given) != 1:
            self.add_error(
                "full_text" if not given else given[-1],
                gettext(
                    "Give the article's text one way: paste the text, paste the page's HTML, "
                    "or choose a file."
                ),
            )
            return cleaned
        page = self._article(given[0], cleaned)
        if page is None:
            return cleaned
        cleaned["full_text"] = page.text
        if not cleaned.get("title") and "title" not in self.errors:
            if page.title:
                cleaned["title"] = page.title[:500]
            else:
                self.add_error("title", _("Give the source's title."))
        if not cleaned.get("url") and "url" not in self.errors and _is_url(page.url):
            duplicate = _duplicate_url(page.url)
            if duplicate is not None:
                self.add_error(given[0], duplicate)
            else:
                cleaned["url"] = page.url
        return cleaned

    def _article(self, how: str, cleaned) -> article.Article | None:
        """The text given (and, for a web page, its title and URL); None after a form
        error saying why it cannot be read."""
        if how == "full_text":
            return article.Article(article.one_line_ending(cleaned["full_text"]), "", "")
        if how == "html":
            return self._page(cleaned["html"], "html")
        upload = cleaned["upload"]
        if upload.size > UPLOAD_MAX_BYTES:
            self.add_error(
                "upload",
                gettext(
                    "This file is larger than %(megabytes)s MB: paste the article's text instead."
                )
                % {"megabytes": UPLOAD_MAX_BYTES // 1_000_000},
            )
            return None
        data = upload.read()
        if article.looks_like_html(upload.name, upload.content_type or "", data[:512]):
            return self._page(data, "upload")
        try:
            return article.Article(article.plain_text(data), "", "")
        except UnicodeDecodeError:
            self.add_error(
                "upload",
                gettext(
                    "This file is not UTF-8 text: save it as UTF-8 (or as a web page), or "
                    "paste its text."
                ),
            )
            return None

    def _page(self, html: str | bytes, field: str) -> article.Article | None:
        try:
            page = article.article_text(html)
        except article.NoArticleText as missing:
            self.add_error(field, str(missing))
            return None
        self.extracted = True
        return page


# ---------------------------------------------------------------------------------------
# A claim


QUOTE, PARAPHRASE = "quote", "paraphrase"
# Links to claims recorded elsewhere than this source: rows of a picker and a relation.
OTHER_LINK_ROWS = 2


class ClaimEntryForm(forms.Form):
    """A claim entered from a passage of ``source``'s stored text.

    The passage is selected in the text on the page, which sends where it starts and ends
    (``excerpt_start``, ``excerpt_end``: characters of the stored text) with the passage
    itself: it must be exactly the text between them, so an excerpt made by selection is
    in the source by construction. Without a selection (no JavaScript), a typed or pasted
    excerpt is located in the text as everywhere else (``claims.quotes``).

    The claim is a new one (its text, speaker — recorded or new — and date) or a recorded
    one the passage reports (``existing_claim``, or a look-alike's button,
    ``reuse_claim``). It can be linked to each claim already entered from this source
    (``answers_<id>``) and to others recorded anywhere (``other_claim_<n>`` with
    ``other_relation_<n>``). A new claim like a recorded one is refused once, with the
    look-alikes listed (``similar``), until the curator says it is a different claim or
    picks one of them.
    """

    excerpt = forms.CharField(
        label=_("Excerpt, as printed"),
        strip=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Select the passage in the text (with the mouse, or Shift and the arrow keys, "
            "then Enter). Without a selection, paste it exactly as printed."
        ),
    )
    excerpt_start = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    excerpt_end = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    attribution = forms.CharField(
        required=False,
        max_length=500,
        help_text=_("How the source attributes it: “Lavrov said”."),
    )
    existing_claim = SafeModelChoiceField(
        Claim.objects.all(),
        label=_("A claim already recorded"),
        required=False,
        widget=autocomplete(ClaimLink, "to_claim"),
        help_text=_(
            "When the passage reports a claim already recorded, pick it: the excerpt is added "
            "to it, and the new claim's fields below are left unused."
        ),
    )
    reuse_claim = SafeModelChoiceField(
        Claim.objects.all(), required=False, widget=forms.HiddenInput
    )
    text = forms.CharField(
        label=_("The claim"),
        required=False,
        max_length=CLAIM_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("As stated (a quote) or as reported (a paraphrase)."),
    )
    is_quote = forms.ChoiceField(
        label=_("The claim's text is"),
        choices=[
            (QUOTE, _("a quote: the speaker's own words")),
            (PARAPHRASE, _("a paraphrase of what was said")),
        ],
        initial=PARAPHRASE,
        widget=forms.RadioSelect,
    )
    language = forms.CharField(max_length=35, validators=[validate_language_code])
    speaker = SafeModelChoiceField(
        Speaker.objects.all(), required=False, widget=autocomplete(Claim, "speaker")
    )
    new_speaker_name = forms.CharField(
        label=_("…or a new speaker"), required=False, max_length=255, help_text=_("Their name.")
    )
    new_speaker_kind = forms.ChoiceField(
        label=_("New speaker's kind"),
        choices=[("", "—"), *SpeakerKind.choices],
        required=False,
    )
    new_speaker_affiliation = SafeModelChoiceField(
        Speaker.objects.all(),
        label=_("Belonging to"),
        required=False,
        widget=autocomplete(Speaker, "affiliation"),
        help_text=_("The organisation they belong to or speak for (an unnamed source needs one)."),
    )
    new_affiliation_name = forms.CharField(
        label=_("…or a new organisation"),
        required=False,
        max_length=255,
        help_text=_("Created with the speaker."),
    )
    speaker_title = forms.CharField(
        label=_("Speaker's title, as given"),
        required=False,
        max_length=255,
        help_text=_("“Russian Foreign Minister”."),
    )
    stated_on = PartialDateField(label=_("Stated"))
    stated_not_before = DateBoundField(end="first", label=_("Not before"))
    stated_not_after = DateBoundField(end="last", label=_("Not after"))
    stated_on_inferred = forms.BooleanField(
        label=_("Date worked out by the curator"), required=False
    )
    stated_on_note = forms.CharField(
        label=_("How the date was worked out"), required=False, max_length=255
    )
    different_claim = forms.BooleanField(
        label=_("None of these: it is a different claim"), required=False
    )

    def __init__(self, *args, source: Source, source_claims: list[Claim], **kwargs):
        super().__init__(*args, **kwargs)
        self.source = source
        self.source_claims = source_claims
        self.similar: list[Claim] = []
        self.fields["language"].initial = source.language or "en"
        for claim in source_claims:
            self.fields[f"answers_{claim.pk}"] = forms.ChoiceField(
                label=str(claim), choices=relation_choices(), required=False
            )
        for n in range(1, OTHER_LINK_ROWS + 1):
            self.fields[f"other_relation_{n}"] = forms.ChoiceField(
                label=_("The claim"), choices=relation_choices(), required=False
            )
            self.fields[f"other_claim_{n}"] = SafeModelChoiceField(
                Claim.objects.all(),
                label=_("this recorded claim"),
                required=False,
                widget=autocomplete(ClaimLink, "to_claim"),
            )

    # The fields the template lays out in groups.
    def answer_fields(self):
        return [(claim, self[f"answers_{claim.pk}"]) for claim in self.source_claims]

    def other_link_fields(self):
        return [
            (self[f"other_relation_{n}"], self[f"other_claim_{n}"])
            for n in range(1, OTHER_LINK_ROWS + 1)
        ]

    def clean(self):
        cleaned = super().clean()
        self._clean_excerpt(cleaned)
        claim = cleaned.get("reuse_claim") or cleaned.get("existing_claim")
        cleaned["claim"] = claim
        if claim is None:
            self._clean_new_claim(cleaned)
        cleaned["links"] = self._clean_links(cleaned)
        if claim is None and not self.errors and not cleaned.get("different_claim"):
            self._look_alikes(cleaned)
        return cleaned

    def _clean_excerpt(self, cleaned) -> None:
        excerpt = cleaned.get("excerpt")
        start, end = cleaned.get("excerpt_start"), cleaned.get("excerpt_end")
        if excerpt is None or "excerpt_start" in self.errors or "excerpt_end" in self.errors:
            self.add_error("excerpt", _("Select the passage in the text again."))
            return
        text = self.source.full_text
        if start is None and end is None:
            # As the stored text has them: the box's line breaks are the form's encoding.
            cleaned["excerpt"] = article.one_line_ending(excerpt).strip()
            if not cleaned["excerpt"]:
                self.add_error("excerpt", _("Select the passage the claim is taken from."))
            return
        if start is None or end is None or not start < end <= len(text):
            self.add_error(
                "excerpt",
                _("The selection is not a passage of the stored text: select the passage again."),
            )
            return
        passage = text[start:end]
        # A browser posts the excerpt box's line breaks as CR LF, whatever the selection
        # held: they are compared as line breaks, and the stored characters are taken.
        if article.one_line_ending(passage) != article.one_line_ending(excerpt):
            self.add_error(
                "excerpt",
                gettext(
                    "The excerpt is not the stored text's characters %(start)s–%(end)s: select "
                    "the passage again (or clear the selection and paste it)."
                )
                % {"start": start, "end": end},
            )
        elif not passage.strip():
            self.add_error("excerpt", _("The selection is only blank space."))
        else:
            cleaned["excerpt"] = passage

    def _clean_new_claim(self, cleaned) -> None:
        if not cleaned.get("text", "").strip():
            self.add_error("text", _("Write the claim, or pick the recorded claim it reports."))
        speaker = cleaned.get("speaker")
        name = names.written(cleaned.get("new_speaker_name", ""))
        cleaned["new_speaker_name"] = name
        if speaker and name:
            self.add_error("new_speaker_name", _("Pick a speaker or name a new one, not both."))
        elif not speaker and not name and "speaker" not in self.errors:
            self.add_error("speaker", _("Who said it? Pick a speaker, or name a new one."))
        if not name:
            return
        recorded = names.recorded(Speaker, name, aliases=True)
        if recorded is not None:
            self.add_error("new_speaker_name", SPEAKER_RECORDED.format(recorded.name))
        if not cleaned.get("new_speaker_kind"):
            self.add_error("new_speaker_kind", _("Say what the new speaker is."))
        affiliation = cleaned.get("new_speaker_affiliation")
        new_affiliation = names.written(cleaned.get("new_affiliation_name", ""))
        cleaned["new_affiliation_name"] = new_affiliation
        if affiliation and new_affiliation:
            self.add_error(
                "new_affiliation_name",
                _("Pick a recorded organisation or name a new one, not both."),
            )
        elif new_affiliation:
            taken = names.recorded(Speaker, new_affiliation, aliases=True)
            if taken is not None:
                self.add_error("new_affiliation_name", ORGANISATION_RECORDED.format(taken.name))
            elif names.same(new_affiliation, name):
                self.add_error("new_affiliation_name", _("A speaker cannot belong to itself."))

    def _clean_links(self, cleaned) -> list[PlannedLink]:
        asked = [
            (name, cleaned.get(name), claim)
            for name, claim in ((f"answers_{c.pk}", c) for c in self.source_claims)
        ]
        for n in range(1, OTHER_LINK_ROWS + 1):
            relation, other = cleaned.get(f"other_relation_{n}"), cleaned.get(f"other_claim_{n}")
            if relation and other is None and f"other_claim_{n}" not in self.errors:
                self.add_error(f"other_claim_{n}", _("Pick the claim it is linked to."))
            elif other is not None and not relation:
                self.add_error(f"other_relation_{n}", _("Say how the claims are linked."))
            asked.append((f"other_relation_{n}", relation, other))
        links = []
        pairs = set()
        for name, relation, other in asked:
            if relation and other is not None:
                direction, kind = relation.split(":")
                # The model checks a pair against the links recorded, not against the
                # other rows of this post, none of which is saved when it checks.
                if (direction, other.pk) in pairs:
                    self.add_error(
                        name, _("This claim is linked above already: one link per pair of claims.")
                    )
                    continue
                pairs.add((direction, other.pk))
                links.append(PlannedLink(direction, kind, other, name))
        return links

    def _look_alikes(self, cleaned) -> None:
        speaker = cleaned.get("speaker")
        known = {link.other.pk for link in cleaned["links"]}
        self.similar = [
            claim
            for claim in similar_claims(
                cleaned["text"], speaker_id=speaker.pk if speaker else None, limit=5 + len(known)
            )
            if claim.pk not in known
        ][:5]
        if self.similar:
            raise ValidationError(
                gettext(
                    "Claims like this one are already recorded (below). If the passage reports "
                    "one of them, add the excerpt to it; otherwise tick “None of these” and "
                    "save again."
                ),
                code="look_alike",
            )

    def entry(self) -> ClaimEntry:
        """The valid form as the claim to enter (``curation.workbench.entry``)."""
        data = self.cleaned_data
        claim = data["claim"]
        common = {
            "source": self.source,
            "excerpt": data["excerpt"],
            "attribution": data.get("attribution", ""),
            "links": tuple(data["links"]),
        }
        if claim is not None:
            return ClaimEntry(claim=claim, **common)
        new_speaker = None
        if data["new_speaker_name"]:
            new_speaker = NewSpeaker(
                name=data["new_speaker_name"],
                kind=data["new_speaker_kind"],
                affiliation=data.get("new_speaker_affiliation"),
                new_affiliation=data.get("new_affiliation_name", ""),
            )
        return ClaimEntry(
            text=data["text"].strip(),
            is_quote=data["is_quote"] == QUOTE,
            language=data["language"],
            speaker=data.get("speaker") if new_speaker is None else None,
            new_speaker=new_speaker,
            speaker_title=data.get("speaker_title", ""),
            stated=data.get("stated_on"),
            stated_not_before=data.get("stated_not_before"),
            stated_not_after=data.get("stated_not_after"),
            stated_on_inferred=data.get("stated_on_inferred", False),
            stated_on_note=data.get("stated_on_note", ""),
            **common,
        )
