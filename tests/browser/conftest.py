"""Browser harness: one headless Chromium per session, a fresh context and page per test.

Uses Playwright's sync API directly (no pytest-playwright) against pytest-django's
`live_server`. The browser is the system Chromium, never one Playwright downloads.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

# Playwright's sync API runs an asyncio event loop in the main thread, so Django sees a
# running loop and refuses ORM calls from the test body (SynchronousOnlyOperation). Test
# code and ORM calls still run one after the other in one thread, so the guard protects
# nothing here. Set at import so it holds before any fixture touches the database; it
# applies to the whole pytest process once this directory is collected.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS_DIR = Path(__file__).resolve().parents[2] / "test-artifacts"


def chromium_path() -> str:
    return os.environ.get("PLAYWRIGHT_CHROMIUM") or DEFAULT_CHROMIUM


def _no_browser_reason(executable: str) -> str:
    return (
        f"Browser tests skipped: no Chromium at {executable}. "
        "Install it with `apt-get install -y chromium` or set PLAYWRIGHT_CHROMIUM."
    )


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = chromium_path()
    if not Path(executable).exists():
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(
                f"REQUIRE_BROWSER=1 but there is no Chromium at {executable}. "
                "Install it with `apt-get install -y chromium` or set PLAYWRIGHT_CHROMIUM.",
                pytrace=False,
            )
        pytest.skip(_no_browser_reason(executable))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    # Keep each phase's report on the item so the `page` fixture knows whether the test failed.
    report = yield
    setattr(item, f"rep_{report.when}", report)
    if report.skipped and isinstance(report.longrepr, tuple):
        reason = report.longrepr[2].removeprefix("Skipped: ")
        if reason.startswith("Browser tests skipped:"):
            # pytest files a fixture's skip under each test's own line; one shared location
            # lets -ra fold them into a single line.
            report.longrepr = (__file__, _no_browser_reason.__code__.co_firstlineno, reason)
    return report


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    expect.set_options(timeout=5_000)
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-US")
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        yield page
    finally:
        report = getattr(request.node, "rep_call", None)
        if report is not None and report.failed:
            ARTIFACTS_DIR.mkdir(exist_ok=True)
            name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)
            try:
                page.screenshot(path=str(ARTIFACTS_DIR / f"{name}.png"), full_page=True)
            except Exception as error:  # a screenshot must never hide the real failure
                print(f"Could not save a screenshot: {error}")
        context.close()


def login(page: Page, live_server, username: str, password: str = "pw") -> None:
    """Log in through the real form and wait until the app has let us in."""
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.get_by_role("button", name="Log in", exact=True).click()
    expect(page).not_to_have_url(re.compile(r"/login/"))
