"""Validators for codes shared by both apps (countries, languages, Wikidata ids)."""

from django.core.validators import RegexValidator

# ISO 3166-1 alpha-2, upper case ("RU", "SY", "US").
COUNTRY_CODE_REGEX = r"^[A-Z]{2}$"
validate_country_code = RegexValidator(
    COUNTRY_CODE_REGEX,
    "Enter a two-letter ISO 3166-1 country code in capitals, such as RU or US.",
    code="invalid_country",
)

# A BCP 47 language tag, kept to the shapes curators meet: "en", "ru", "pt-BR", "zh-Hant".
LANGUAGE_CODE_REGEX = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"
validate_language_code = RegexValidator(
    LANGUAGE_CODE_REGEX,
    "Enter a language code such as en, ru or pt-BR.",
    code="invalid_language",
)

# Wikidata item ids: "Q" and a number without leading zeros ("Q42").
WIKIDATA_ID_REGEX = r"^Q[1-9][0-9]*$"
validate_wikidata_id = RegexValidator(
    WIKIDATA_ID_REGEX,
    "A Wikidata id is the letter Q followed by digits, such as Q42.",
    code="invalid_wikidata_id",
)
