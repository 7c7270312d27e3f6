"""Validators shared by both apps: codes (countries, languages, Wikidata ids), and the
characters the project accepts in text."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# ISO 3166-1 alpha-2, upper case ("RU", "SY", "US").
COUNTRY_CODE_REGEX = r"^[A-Z]{2}\Z"
validate_country_code = RegexValidator(
    COUNTRY_CODE_REGEX,
    _("Enter a two-letter ISO 3166-1 country code in capitals, such as RU or US."),
    code="invalid_country",
)

# A BCP 47 language tag, kept to the shapes curators meet: "en", "ru", "pt-BR", "zh-Hant".
LANGUAGE_CODE_REGEX = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*\Z"
validate_language_code = RegexValidator(
    LANGUAGE_CODE_REGEX,
    _("Enter a language code such as en, ru or pt-BR."),
    code="invalid_language",
)

# Wikidata item ids: "Q" and a number without leading zeros ("Q42"). Also the database's
# check constraint, where PostgreSQL's "$" is the end of the text; Python's "$" also matches
# before a final newline, so the validator ends in \Z, as the regular expressions above do.
WIKIDATA_ID_REGEX = r"^Q[1-9][0-9]*$"
validate_wikidata_id = RegexValidator(
    WIKIDATA_ID_REGEX.removesuffix("$") + r"\Z",
    _("A Wikidata id is the letter Q followed by digits, such as Q42."),
    code="invalid_wikidata_id",
)


# The text the project accepts: any Unicode but the C0 control characters other than tab,
# line feed and carriage return (NUL among them: PostgreSQL refuses it in text, XML 1.0
# cannot carry any of them), and lone surrogates (no UTF-8 can encode them). They arrive
# pasted from PDFs and terminals, never meant.
FORBIDDEN_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")


def forbidden_character(value: str) -> str | None:
    """The first character of ``value`` the project refuses in text, named as ``U+0002``;
    None when there is none."""
    if match := FORBIDDEN_CHARACTERS.search(value):
        return f"U+{ord(match.group()):04X}"
    return None


def validate_text_characters(value) -> None:
    """Refuses text holding a control character (other than tab and line breaks) or a lone
    surrogate, naming it and where it is."""
    if not isinstance(value, str) or (character := forbidden_character(value)) is None:
        return
    position = FORBIDDEN_CHARACTERS.search(value).start() + 1
    raise ValidationError(
        _(
            "This text contains an invisible control character (%(character)s, character "
            "%(position)s), often pasted from a PDF: delete it and type the text again there."
        ),
        code="control_character",
        params={"character": character, "position": position},
    )


def refuse_control_characters_in(app_config) -> None:
    """Adds ``validate_text_characters`` to every text field (``CharField`` and its kinds,
    ``TextField``) of every model of ``app_config``, their history models included: call it
    from the app's ``ready()``.

    One loop per app rather than a validator named on each field, so that a field added
    later is covered without anyone remembering to: the rule is the project's, not a
    field's. The validator joins the field's validators as they are read at run time (the
    ``validators`` list Django builds once per field), not ``validators=`` in the field's
    definition, so it is policy rather than schema: no migration records it, and changing
    the rule needs none. Model validation (``full_clean``: admin forms, the ClaimReview
    importer, ``import_all``) then refuses such text with a clear message."""
    for model in app_config.get_models():
        for field in model._meta.get_fields():
            if (
                isinstance(field, (models.CharField, models.TextField))
                and validate_text_characters not in field.validators
            ):
                field.validators.append(validate_text_characters)
