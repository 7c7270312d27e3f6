"""Answers compared both ways: from the stack's early answers and from DRF."""


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
