"""What the property tests share: the run-wide figures and the 5xx assertion message."""

import os
import traceback
from collections import Counter
from dataclasses import dataclass, field

from django.test import Client
from hypothesis import HealthCheck, Phase, settings

# PROPERTY_TESTS_SCALE=20 runs twenty times the examples: a hunt, not a CI run.
SCALE = float(os.environ.get("PROPERTY_TESTS_SCALE", "1"))


def bounded(max_examples: int, *, shrink: bool = True) -> settings:
    """Hypothesis settings for a test that makes requests: a fixed number of examples (the
    run time is budgeted, see tests/properties/__init__.py), no per-example deadline.
    ``shrink=False`` where an example costs a whole form's save: shrinking one takes minutes,
    and the failure is reported as found, each draw labelled."""
    phases = [Phase.explicit, Phase.generate] + ([Phase.shrink] if shrink else [])
    return settings(
        max_examples=max(1, round(max_examples * SCALE)),
        phases=phases,
        deadline=None,
        # Fixtures (the seed, clients) are built once per test, not once per example: the
        # examples only read, or write inside a savepoint that is rolled back.
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        # No example database: CI runs from a fresh clone, so failures are not replayed from
        # one; a failure prints its example and how to reproduce it. (Hypothesis's caches in
        # .hypothesis/ carry their own .gitignore.)
        database=None,
        print_blob=True,
    )


@dataclass
class Figure:
    title: str
    examples: int = 0
    statuses: Counter = field(default_factory=Counter)
    # What the examples covered, by kind ("endpoints", "parameters", "forms"…).
    covered: dict[str, set] = field(default_factory=dict)
    # Further counts worth a word ("forms refused with nothing written", "saves valid").
    notes: Counter = field(default_factory=Counter)

    def record(self, response, **covered) -> None:
        self.examples += 1
        self.statuses[response.status_code] += 1
        for kind, item in covered.items():
            self.covered.setdefault(kind, set()).add(item)

    def note(self, what: str, n: int = 1) -> None:
        self.notes[what] += n

    @property
    def server_errors(self) -> int:
        # A crash is a 500 (Django's handler); a 501 is oEmbed's answer to a format we
        # do not serve.
        return self.statuses[500]

    def line(self) -> str:
        scope = " × ".join(f"{len(items)} {kind}" for kind, items in self.covered.items())
        answers = ", ".join(f"{status}: {n:,}" for status, n in sorted(self.statuses.items()))
        notes = "".join(f", {n:,} {what}" for what, n in self.notes.items())
        return (
            f"{self.title}: {scope}, {self.examples:,} examples ({answers}){notes}, "
            f"{self.server_errors} server errors"
        )


def lenient_client() -> Client:
    """A test client that answers a crash with the 500 a user would get (the traceback kept
    on ``response.exc_info``), so that the figures count server errors."""
    return Client(raise_request_exception=False)


def no_server_error(response) -> str:
    """The assertion message for a 5xx: what was asked, and where it broke — the project's
    own frames of the server's traceback and the innermost one (the libraries' dispatch
    frames in between say nothing)."""
    if response.status_code < 500:
        return ""
    request = response.request
    asked = f"{request['REQUEST_METHOD']} {request['PATH_INFO']}?{request.get('QUERY_STRING', '')}"
    exc_info = getattr(response, "exc_info", None)
    if not exc_info:
        return f"{response.status_code} for {asked}"
    frames = traceback.extract_tb(exc_info[2])
    ours = [f for f in frames[:-1] if "site-packages" not in f.filename] + frames[-1:]
    where = "".join(traceback.format_list(ours))
    error = "".join(traceback.format_exception_only(exc_info[0], exc_info[1]))
    return f"{response.status_code} for {asked}\n{where}{error}"
