"""Fixtures for the browser tests: Debian's Chromium (Playwright, sync API) against `streamlit run`.

- `browser`: one Chromium per session. Without /usr/bin/chromium the tests skip, or fail when
  the CI environment variable is set.
- `server`: one KL Lab server shared by the session; `fresh_server`: a new one per test, started
  as scripts/run starts it, whose first visitor is the test's browser. A test fails if its server
  wrote a Python traceback to stderr while it ran.
- `page`: a fresh 1400x900 browser context per test; `new_page()` makes more, one context each
  (several students). On failure a screenshot of each goes to artifacts/browser/.
Every test in this folder gets the `browser` marker (`pytest -m "not browser"` skips them).
"""

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.browser.helpers import REPO_ROOT, RUN_TRACKER_JS, StreamlitServer

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1400, "height": 900}
HERE = Path(__file__).parent
CALL_REPORT = pytest.StashKey[pytest.TestReport]()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> pytest.TestReport:
    report = yield
    if report.when == "call":
        item.stash[CALL_REPORT] = report
    return report


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing; install it with `apt-get install chromium`"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _fail_on_traceback(server: StreamlitServer, since: int = 0) -> None:
    written = server.stderr(since)
    if "Traceback" in written:
        pytest.fail(f"the Streamlit server wrote a traceback to stderr:\n{written}")


@pytest.fixture(scope="session")
def _shared_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StreamlitServer]:
    server = StreamlitServer(tmp_path_factory.mktemp("server") / "stderr.log")
    server.start()
    yield server
    server.stop()


@pytest.fixture
def server(_shared_server: StreamlitServer) -> Iterator[StreamlitServer]:
    """The session's Streamlit server; the test fails if a traceback is logged during it."""
    since = _shared_server.stderr_size()
    yield _shared_server
    _fail_on_traceback(_shared_server, since)


@pytest.fixture
def fresh_server(tmp_path: Path) -> Iterator[StreamlitServer]:
    """A KL Lab server started for this test alone (for deep links on a freshly started server)."""
    server = StreamlitServer(tmp_path / "stderr.log")
    server.start()
    yield server
    server.stop()
    _fail_on_traceback(server)


@pytest.fixture
def new_page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Callable[[], Page]]:
    """Makes pages, each in a fresh 1400x900 browser context of its own (one per student)."""
    pages: list[Page] = []

    def make() -> Page:
        context = browser.new_context(viewport=VIEWPORT)
        context.add_init_script(RUN_TRACKER_JS)
        pages.append(context.new_page())
        return pages[-1]

    yield make
    report = request.node.stash.get(CALL_REPORT, None)
    if report is not None and report.failed:
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)
        for i, page in enumerate(pages):
            suffix = f"-{i + 1}" if i else ""
            page.screenshot(path=REPO_ROOT / "artifacts" / "browser" / f"{name}{suffix}.png", full_page=True)
    for page in pages:
        page.context.close()


@pytest.fixture
def page(new_page: Callable[[], Page]) -> Page:
    return new_page()
