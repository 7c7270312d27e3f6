"""Answers compared both ways (from the stack's early answers and from DRF), and read
as a partner reads them."""

from urllib.parse import urlencode

FEED = "/api/v1/changes/"


def answer(client, settings, path, *, before_drf: bool, **headers):
    """Status, headers and body; the served one is asked for twice (the first answer of
    each status is the whole stack's)."""
    settings.SERVE_DOCUMENTS_BEFORE_DRF = before_drf
    response = client.get(path, **headers)
    if before_drf:
        response = client.get(path, **headers)
    return response.status_code, answer_headers(response), response.content


def answer_headers(response) -> list[tuple[str, str]]:
    # django-csp writes the policy's directives in no fixed order (a set): compared as a set.
    return sorted(
        (
            name,
            "; ".join(sorted(value.split("; "))) if name.startswith("Content-Security") else value,
        )
        for name, value in response.items()
    )


def read_feed(client, after: int = 0, **params) -> tuple[list[dict], str]:
    """Every item after ``after``, following ``next`` to the end; and the last ``next``."""
    items, url = [], f"{FEED}?{urlencode({'after': after, **params})}"
    while True:
        answer = client.get(url)
        assert answer.status_code == 200, answer.content
        page = answer.json()
        items += page["results"]
        if not page["results"]:
            return items, page["next"]
        url = page["next"]
