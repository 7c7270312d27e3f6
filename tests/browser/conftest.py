"""Browser tests: Playwright for Python driving Debian's Chromium, headless, against
pytest-django's live server.

Playwright's own browser download does not work here, so the tests use /usr/bin/chromium.
Where it (or axe-core, from npm) is missing the tests are skipped with the reason; CI sets
REQUIRE_BROWSER_TESTS=1, which turns a missing browser into a failure, never a silent skip.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# As root on a closed network: no sandbox, no GPU, and no background calls home.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _missing(what: str):
    if os.environ.get("REQUIRE_BROWSER_TESTS") == "1":
        pytest.fail(f"{what}, and REQUIRE_BROWSER_TESTS=1 says browser tests must run")
    pytest.skip(what)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        _missing(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def csp_violations(page) -> list[str]:
    """What Chromium reports in the console as blocked by the Content-Security-Policy, on
    the page and on every popup and frame it opens, as it happens."""
    violations = []

    def record(message):
        if "Content Security Policy" in message.text:
            violations.append(f"{message.page.url if message.page else '?'}: {message.text}")

    page.context.on("console", record)
    return violations


@pytest.fixture
def axe_script() -> str:
    if not AXE.exists():
        _missing(f"axe-core is not installed at {AXE} (npm ci)")
    return str(AXE)


@pytest.fixture
def site(live_server, transactional_db):
    """The live server with the seed loaded, as `make run` serves it."""
    from seeds.loader import load_seeds

    load_seeds()
    return live_server
