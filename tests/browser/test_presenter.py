"""Presenter mode on a projector's 1280×720: each lesson's key number and main chart in view, large type.

The screenshot of Explore goes to artifacts/screens/; with UPDATE_SCREENSHOTS=1 to docs/screenshots/,
the README's picture.
"""

import os
import re

import pytest
from playwright.sync_api import Page, expect

from kl_app import presenter
from tests.browser.helpers import REPO_ROOT, StreamlitServer, assert_no_exception, open_app

PROJECTOR = {"width": 1280, "height": 720}
# Each lesson page in presenter mode, at a step that shows a number (the cat classifier's first step has none).
SCREENS = REPO_ROOT / ("docs/screenshots" if os.environ.get("UPDATE_SCREENSHOTS") else "artifacts/screens")
LINKS = ["/explore", "/cat-classifier?step=2", "/compare", "/limitations", "/drift", "/vae", "/gan"]

IN_VIEW_JS = """
(selector) => {
  const element = document.querySelector(selector);
  if (!element) return null;
  const box = element.getBoundingClientRect();
  return {top: box.top, bottom: box.bottom, left: box.left, right: box.right,
          fontPx: parseFloat(getComputedStyle(element).fontSize)};
}
"""
CHART_FONTS_JS = """
() => [...document.querySelector('.kl-live-chart .main-svg').parentElement.querySelectorAll('svg text')]
  .filter((t) => t.textContent.trim() && t.getBoundingClientRect().width > 0)
  .map((t) => [t.textContent.trim(), parseFloat(getComputedStyle(t).fontSize)])
"""


@pytest.mark.parametrize("link", LINKS)
def test_the_key_number_and_the_main_chart_fit_a_projector(server: StreamlitServer, page: Page, link: str) -> None:
    page.set_viewport_size(PROJECTOR)
    open_app(page, server.url + link + ("&" if "?" in link else "?") + "present=1")
    assert_no_exception(page)
    expect(page).to_have_url(re.compile(r"[?&]present=true"))
    expect(page.get_by_test_id("stSidebar")).to_have_attribute("data-collapsed", "true")
    expect(page.locator(".kl-live-chart .main-svg").first).to_be_visible(timeout=30_000)
    number = page.evaluate(IN_VIEW_JS, '[data-testid="stMetricValue"], [data-testid="klReadingValue"]')
    chart = page.evaluate(IN_VIEW_JS, ".kl-live-chart")
    for name, box in (("key number", number), ("main chart", chart)):
        assert box is not None, name
        assert 0 <= box["top"] and box["bottom"] <= PROJECTOR["height"], (name, box)
        assert 0 <= box["left"] and box["right"] <= PROJECTOR["width"], (name, box)
    assert number["fontPx"] >= 40
    small = [(text, px) for text, px in page.evaluate(CHART_FONTS_JS) if px < presenter.MIN_FONT_PX]
    assert not small, small
    if link == "/explore":
        SCREENS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENS / "projector-explore.png")


def test_the_switch_collapses_the_sidebar_and_stays_on_across_pages(server: StreamlitServer, page: Page) -> None:
    page.set_viewport_size(PROJECTOR)
    open_app(page, server.url + "/explore")
    expect(page.get_by_test_id("stSidebar")).to_have_attribute("data-collapsed", "false")
    page.get_by_test_id("stSidebar").get_by_text("Presenter mode").click()
    expect(page.get_by_test_id("stSidebar")).to_have_attribute("data-collapsed", "true")
    expect(page).to_have_url(re.compile(r"[?&]present=true"))
    expect(page.get_by_test_id("stExpander").filter(has_text="About this page")).to_be_visible()
    page.get_by_test_id("stExpandSidebarButton").click()
    page.get_by_test_id("stSidebarNavLink").filter(has_text="JS in a GAN").click()
    expect(page).to_have_url(re.compile(r"/gan\?(.*&)?present=true"))
    expect(page.get_by_test_id("stExpander").filter(has_text="About this page")).to_be_visible()
