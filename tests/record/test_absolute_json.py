"""``record.render.absolute_json`` makes exactly the stored answer's own addresses absolute:
the keys it names, followed by a site-relative value, and nothing a curator typed."""

import json
import re

from hypothesis import given
from hypothesis import strategies as st

from record.render import absolute_json, dumps
from tests.properties.support import bounded

# The rule as first written: a regular expression over the compact JSON text.
REFERENCE = re.compile(r'("(?:url|api_url|page_url|claims_url)":")/')

KEYS = st.sampled_from(["url", "api_url", "page_url", "claims_url", "xurl", "text", "urls"])
VALUES = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["/claims/1/", '"url":"/', '\\"url\\":\\"/x', "https://example.org/"]),
)
DOCUMENTS = st.recursive(
    st.dictionaries(KEYS, VALUES, max_size=5),
    lambda inner: st.dictionaries(KEYS, st.one_of(inner, st.lists(inner, max_size=3))),
    max_leaves=12,
)


@bounded(300)
@given(DOCUMENTS)
def test_only_our_addresses_change(document):
    text = dumps(document)
    origin = "https://claims.example.org"
    expected = REFERENCE.sub(lambda m: f"{m.group(1)}{origin}/", text)
    assert absolute_json(text, origin) == expected
    # Still the same JSON, with only those values changed.
    json.loads(absolute_json(text, origin))
