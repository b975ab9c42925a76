"""Phones at 390×844 with touch: no page scrolls sideways, charts fit the width, every control in
the page is a 44 px tall touch target (static/site.css), and a tap changes the numbers.

Each control's touch target is measured as a finger meets it: by hit-testing the points around
its centre, so a transparent margin that takes the touch counts and a neighbour covering it does
not. The points are whole pixels from the centre, so a target measures within 1 px of its size.
The screenshot of Explore goes to artifacts/screens/; with UPDATE_SCREENSHOTS=1 to
docs/screenshots/, the README's picture.
"""

import os
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from kl_core import Normal
from kl_app.site_map import PAGES
from tests.browser.helpers import REPO_ROOT, RUN_TRACKER_JS, StreamlitServer, assert_no_exception, open_app, \
    wait_idle
from tests.browser.test_explore import DEFAULT_P, DEFAULT_Q, expect_metrics, query_of, shown

PHONE = {"width": 390, "height": 844}
MIN_TALL_PX, MIN_WIDE_PX = 44, 24
SCREENS = REPO_ROOT / ("docs/screenshots" if os.environ.get("UPDATE_SCREENSHOTS") else "artifacts/screens")

SMALL_TARGETS_JS = """
([minTall, minWide]) => {
  const target = (el) => {
    if (el.matches('input[type="range"]')) return el.parentElement.parentElement;  // the slider's thumb
    if (el.matches('input[type="radio"], input[type="checkbox"]')) return el.closest("label");
    if (el.matches('[role="combobox"]')) return el.closest('[role="group"]');  // the drop-down's box
    return el;
  };
  const inside = (t, x, y) => { const hit = document.elementFromPoint(x, y); return !!hit && t.contains(hit); };
  const reach = (t, x, y, dx, dy) => {
    let n = 0;
    while (n < 60 && inside(t, x + dx * (n + 1), y + dy * (n + 1))) n++;
    return n;
  };
  const small = [], seen = new Set();
  const controls = document.querySelectorAll(
    '[data-testid="stMain"] :is(button, a[href], input, summary, [role="tab"]), [data-testid="stHeader"] button');
  for (const el of controls) {
    const t = target(el);
    if (seen.has(t) || (el.tagName === "BUTTON" && el.closest(".react-aria-ComboBox"))) continue;  // its arrow
    seen.add(t);
    if (t.getBoundingClientRect().width <= 1) continue;  // hidden, or the skip link that shows on focus
    t.scrollIntoView({block: "center", inline: "nearest"});
    const box = t.getBoundingClientRect(), x = box.left + box.width / 2, y = box.top + box.height / 2;
    const name = (el.getAttribute("aria-label") || el.textContent || el.tagName).trim().slice(0, 50);
    if (!inside(t, x, y)) { small.push(`${name}: covered`); continue; }
    const tall = reach(t, x, y, 0, -1) + reach(t, x, y, 0, 1) + 1;
    const wide = reach(t, x, y, -1, 0) + reach(t, x, y, 1, 0) + 1;
    if (tall < minTall - 1 || wide < minWide - 1) small.push(`${name}: ${wide}x${tall} px`);
  }
  return small;
}
"""
WIDTHS_JS = """
() => ({page: document.documentElement.scrollWidth,
        main: document.querySelector('[data-testid="stMain"]').scrollWidth,
        charts: [...document.querySelectorAll(".kl-live-chart")].map((c) => c.getBoundingClientRect().right)})
"""
# A chart title that is cut at the chart's edges, or drawn over the chart's legend: its text.
CUT_TITLES_JS = """
() => [...document.querySelectorAll(".kl-live-chart")].flatMap((chart) => {
  const title = chart.querySelector(".gtitle"), legend = chart.querySelector(".legend");
  if (!title || !title.textContent.trim()) return [];
  const t = title.getBoundingClientRect(), c = chart.getBoundingClientRect();
  const l = legend ? legend.getBoundingClientRect() : null;
  const overLegend = l && t.bottom > l.top && t.top < l.bottom && t.right > l.left && t.left < l.right;
  return t.left < c.left || t.right > c.right || overLegend ? [title.textContent] : [];
})
"""


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    context.add_init_script(RUN_TRACKER_JS)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("entry", PAGES, ids=lambda e: e.url_path or "home")
def test_a_phone_page_fits_its_width_and_every_control_is_a_thumb_tall(server: StreamlitServer, phone: Page,
                                                                       entry) -> None:
    open_app(phone, f"{server.url}/{entry.url_path}")
    assert_no_exception(phone)
    if phone.locator(".kl-live-chart").count():
        expect(phone.locator(".kl-live-chart .main-svg").first).to_be_visible(timeout=30_000)
        phone.wait_for_function("[...document.querySelectorAll('.kl-live-chart')]"
                                ".every(c => c.hidden || c.querySelector('.main-svg'))", timeout=30_000)
    widths = phone.evaluate(WIDTHS_JS)
    assert widths["page"] <= PHONE["width"] and widths["main"] <= PHONE["width"], widths
    assert all(right <= PHONE["width"] for right in widths["charts"]), widths
    assert phone.evaluate(CUT_TITLES_JS) == []
    assert phone.evaluate(SMALL_TARGETS_JS, [MIN_TALL_PX, MIN_WIDE_PX]) == []


def test_explores_numbers_are_on_the_first_screen_above_the_controls(server: StreamlitServer, phone: Page) -> None:
    open_app(phone, server.url + "/explore")
    expect_metrics(phone, shown(DEFAULT_P, DEFAULT_Q))
    tops = phone.evaluate("""() => {
      const top = (e) => e.getBoundingClientRect().top;
      return {reading: top(document.querySelector('[data-testid="klReading"]')),
              control: top(document.querySelector('[data-testid="stSelectbox"]'))};
    }""")
    assert tops["reading"] + 120 <= PHONE["height"] and tops["reading"] < tops["control"], tops


def test_taps_change_the_unit_and_a_slider(server: StreamlitServer, phone: Page) -> None:
    open_app(phone, server.url + "/explore")
    expect_metrics(phone, shown(DEFAULT_P, DEFAULT_Q))
    expect(phone.locator(".kl-live-chart .main-svg").first).to_be_visible(timeout=30_000)
    phone.locator(".kl-live-readings").first.evaluate(  # clear of the header bar
        "e => { e.style.scrollMarginTop = '72px'; e.scrollIntoView({block: 'start'}); }")
    SCREENS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=SCREENS / "phone-explore.png")  # the numbers and the chart under them

    phone.get_by_role("radio", name="bits").tap()
    wait_idle(phone)
    expect_metrics(phone, shown(DEFAULT_P, DEFAULT_Q, "bits"))

    slider = phone.get_by_test_id("stSlider").filter(has_text="P: mean μ")
    slider.scroll_into_view_if_needed()
    track = slider.get_by_role("group").locator("> div").first.bounding_box()
    phone.touchscreen.tap(track["x"] + 0.75 * track["width"], track["y"] + track["height"] / 2)
    wait_idle(phone)
    mu = float(query_of(phone)["p_mu"][0])
    assert 1.5 <= mu <= 3.5  # three quarters of -5..5, give or take the thumb's width
    expect_metrics(phone, shown(Normal(mu, 1), DEFAULT_Q, "bits"))
    assert_no_exception(phone)
