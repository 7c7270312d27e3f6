"""Codes checked by a regular expression end where the text ends: Python's ``$`` also
matches before a final newline, so ``"US\\n"`` passed as a country code (reported with the
API's ``/api/v1/claims/1/%0A``, served as the claim)."""

import pytest
from django.core.exceptions import ValidationError

from core.validators import validate_country_code, validate_language_code, validate_wikidata_id


@pytest.mark.parametrize(
    ("validate", "good"),
    [
        (validate_country_code, "US"),
        (validate_language_code, "pt-BR"),
        (validate_wikidata_id, "Q42"),
    ],
)
def test_a_final_newline_is_refused(validate, good):
    validate(good)
    with pytest.raises(ValidationError):
        validate(good + "\n")
