"""Explore from the keyboard alone: Tab reaches every control, each shows a visible focus ring, and
each changes the page (arrow keys on sliders, typing in drop-downs, Space on buttons and radios).

The ring is looked for on what the eye sees: a slider's thumb (its <input> is hidden), a drop-down's
box, a radio's label; static/site.css draws it there.
"""

from playwright.sync_api import Page, expect

from kl_core import Normal
from tests.browser.helpers import StreamlitServer, assert_no_exception, metric_value, open_app, wait_idle
from tests.browser.test_explore import DEFAULT_P, DEFAULT_Q, expect_metrics, query_of, shown

# Where the focus is: "<URL name of its control, or its text> | its ring" (the ring: outline or shadow,
# on the focused element or on the box the eye sees).
FOCUS_JS = """
() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const seen = el.matches('input[type="range"]') ? el.parentElement.parentElement
    : el.matches('input[type="radio"], input[type="checkbox"]') ? el.closest("label")
    : el.matches('[role="combobox"]') ? el.closest('[role="group"]') : el;
  const ring = (e) => {
    const style = getComputedStyle(e);
    return (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== "none";
  };
  const choice = el.closest("[data-kl-key]")?.dataset.klKey;  // a labelled choice (kl_app.choice)
  const key = choice || (el.closest("[class*='st-key-']")?.className.match(/st-key-(\\S+)/) || [])[1];
  const name = el.matches("input, select") && key ? key : (el.getAttribute("aria-label") || el.textContent).trim();
  return `${name} | ${ring(seen) || ring(el) ? "ring" : "no ring"}`;
}
"""


def tab_to(page: Page, name: str, limit: int = 80) -> int:
    """Press Tab from the top of the page until the control `name` (as FOCUS_JS names it) has the focus;
    the number of presses."""
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS_JS)
        if focus and focus.startswith(f"{name} |"):
            return presses
    raise AssertionError(f"Tab never reached {name!r} in {limit} presses")


def test_tab_reaches_every_control_of_explore_and_each_shows_a_focus_ring(server: StreamlitServer,
                                                                        page: Page) -> None:
    open_app(page, server.url + "/explore")
    expect(page.locator(".kl-live-chart .modebar")).to_have_count(2, timeout=30_000)  # both charts drawn
    expect(page.get_by_text("Computing…")).to_have_count(0, timeout=30_000)  # the sweep's runs are over
    wait_idle(page)
    stops = []
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    for _ in range(100):  # to the end of the page, where the focus leaves it (or comes round again)
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS_JS)
        if focus is None or stops and focus == stops[0]:
            break
        stops.append(focus)
    names = [stop.split(" | ")[0] for stop in stops]
    for control in ("p", "p_mu", "p_sigma", "q", "q_mu", "q_sigma", "nats", "guess", "sweep", "present"):
        assert control in names, (control, stops)
    for text in ("Identical", "Discrete", "⇄ Swap P and Q", "Share this screen", "Reset this page"):
        assert any(name.endswith(text) for name in names), (text, stops)  # icons come first in a button's text
    # Each chart's toolbar is four stops (download, zoom, pan, reset), not eight.
    assert sum(stop.startswith("Zoom |") for stop in stops) == 2
    # The page's main region takes the focus once, for scrolling; every control has a ring.
    assert [stop for stop in stops if stop.endswith("no ring") and not stop.startswith("Explore KL")] == []


def test_every_control_of_explore_changes_the_page_from_the_keyboard(server: StreamlitServer, page: Page) -> None:
    open_app(page, server.url + "/explore")

    tab_to(page, "p_mu")
    page.keyboard.press("ArrowRight")
    wait_idle(page)
    tab_to(page, "q_sigma")
    page.keyboard.press("ArrowLeft")
    wait_idle(page)
    p, q = Normal(0.1, 1), Normal(1, 1.9)
    expect_metrics(page, shown(p, q))

    tab_to(page, "nats")  # the chosen unit is the control's one tab stop; an arrow moves to the other
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Space")
    wait_idle(page)
    expect_metrics(page, shown(p, q, "bits"))

    tab_to(page, "⇄ Swap P and Q")
    page.keyboard.press("Enter")
    wait_idle(page)
    expect_metrics(page, shown(q, p, "bits"))

    tab_to(page, "guess")
    page.keyboard.press("Space")
    wait_idle(page)
    expect(page.get_by_text("Pick an answer to reveal it.")).to_have_count(0)

    tab_to(page, "sweep")  # a native drop-down: typing an option's label picks it
    page.keyboard.type("Q's std")
    wait_idle(page)
    assert query_of(page)["sweep"] == ["q_sigma"]
    expect(page.locator(".kl-live-chart .xtitle").last).to_have_text("Q's std. dev. σ")

    tab_to(page, "p")
    page.keyboard.type("laplace")
    page.keyboard.press("Enter")
    wait_idle(page)
    assert query_of(page)["p"] == ["laplace"]
    expect(metric_value(page, "KL(P‖Q)")).not_to_have_text(shown(q, p, "bits")["KL(P‖Q)"])
    assert_no_exception(page)


def test_a_redrawn_chart_keeps_the_focus_on_its_toolbar(server: StreamlitServer, page: Page) -> None:
    """plotly.js builds a chart's toolbar anew on every redraw; the focus moves to the same button."""
    open_app(page, server.url + "/explore")
    expect(page.locator(".kl-live-chart .modebar")).to_have_count(2, timeout=30_000)
    tab_to(page, "Zoom")
    # bits, clicked by script: a rerun that redraws the chart, and leaves the focus where it is
    page.evaluate("() => [...document.querySelectorAll('.st-key-unit button')].find(b => b.textContent === 'bits').click()")
    wait_idle(page)
    expect_metrics(page, shown(DEFAULT_P, DEFAULT_Q, "bits"))
    expect(page.locator(".kl-live-chart").first.get_by_text("Integrands (area = KL, in bits)")).to_have_count(1)
    expect(page.locator(".kl-live-chart .modebar-btn[data-title='Zoom']").first).to_be_focused()
