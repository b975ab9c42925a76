"""axe-core 4 (installed by scripts/test from npm) on every page at 1440x900: no critical or serious violation.

Its rules check WCAG 2.1 A and AA where a machine can: text contrast, names of controls and
images, focusable scrolling regions, nested interactive elements, and more.
"""

import os

import pytest
from playwright.sync_api import Page

from kl_app.site_map import PAGES
from tests.browser.helpers import REPO_ROOT, StreamlitServer, open_app

AXE = REPO_ROOT / ".venv" / "node" / "node_modules" / "axe-core" / "axe.min.js"
VIEWPORT = {"width": 1440, "height": 900}
RUN_AXE = """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
  .filter(v => v.impact === "critical" || v.impact === "serious")
  .map(v => `${v.id} (${v.impact}): ${v.nodes.length} element(s), e.g. ${v.nodes[0].target.join(" ")}: `
            + v.nodes[0].failureSummary.replace(/\\s+/g, " ").slice(0, 300))"""


@pytest.fixture(scope="module")
def axe_script() -> str:
    if not AXE.exists():
        reason = f"{AXE} is missing; bash scripts/test installs it from npm"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return str(AXE)


@pytest.mark.parametrize("entry", PAGES, ids=lambda e: e.url_path or "home")
def test_no_critical_or_serious_accessibility_violation(server: StreamlitServer, page: Page, axe_script, entry) -> None:
    page.set_viewport_size(VIEWPORT)
    open_app(page, f"{server.url}/{entry.url_path}")
    if page.locator(".kl-live-chart").count():
        page.locator(".kl-live-chart .main-svg").first.wait_for()  # drawn: plotly.js loads after the numbers
    page.add_script_tag(path=axe_script)
    assert page.evaluate(RUN_AXE) == []
