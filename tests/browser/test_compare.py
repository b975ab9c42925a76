"""The Compare page in a real browser: a cold deep link, live drag, the unit switch, the triangle slider."""

import math

from playwright.sync_api import Page, expect

from kl_app.families import FAMILIES
from kl_app.formatting import format_value
from kl_core import Normal, hellinger_distance, js_divergence, kl_divergence, total_variation
from tests.browser.helpers import StreamlitServer, assert_no_exception, drag_slider, metric_value, open_app, wait_idle


def five(p, q, unit: str) -> dict[str, str]:
    """What the five readings should show for P = p, Q = q."""
    base = math.e if unit == "nats" else 2.0
    return {label: format_value(value, value_unit) for label, value, value_unit in (
        ("KL(P‖Q)", kl_divergence(p, q, base=base), unit),
        ("KL(Q‖P)", kl_divergence(q, p, base=base), unit),
        ("JS(P, Q)", js_divergence(p, q, base=base), unit),
        ("Hellinger(P, Q)", hellinger_distance(p, q), ""),
        ("TV(P, Q)", total_variation(p, q), ""))}


def expect_five(page: Page, p, q, unit: str) -> None:
    for label, value in five(p, q, unit).items():
        expect(metric_value(page, label)).to_have_text(value)


def test_deep_link_on_a_fresh_server_shows_the_five_numbers(fresh_server: StreamlitServer, page: Page) -> None:
    open_app(page, fresh_server.url + "/compare?q_mu=3&q_sigma=1&unit=bits")

    expect_five(page, Normal(0, 1), Normal(3, 1), "bits")
    expect(metric_value(page, "KL(P‖Q), disjoint")).to_have_text("∞")
    expect(metric_value(page, "JS(P, Q), disjoint")).to_have_text("1.0000 bits")
    expect(page.locator(".kl-live-chart .main-svg").first).to_be_visible()
    expect(page.locator(".kl-live-chart")).to_have_count(4)  # P and Q, the sweep, the disjoint pair, the triangle
    nav = page.get_by_test_id("stSidebarNav").get_by_test_id("stSidebarNavLink")
    expect(nav.filter(has_text="Compare")).to_have_attribute("aria-current", "page")
    assert_no_exception(page)


def test_unit_switch_and_triangle_slider(server: StreamlitServer, page: Page) -> None:
    open_app(page, server.url + "/compare")
    expect_five(page, Normal(0, 1), Normal(1, 2), "nats")

    page.get_by_role("radio", name="bits", exact=True).click()
    wait_idle(page)
    expect_five(page, Normal(0, 1), Normal(1, 2), "bits")

    thumb = page.get_by_test_id("stSlider").filter(has_text="Distance d between neighbours").get_by_role("slider")
    thumb.focus()
    thumb.press("ArrowRight")  # d = 1.1: KL(P‖R) = 2 d² nats, KL(P‖Q) + KL(Q‖R) = d² nats
    wait_idle(page)
    triangle = page.get_by_test_id("stMarkdownContainer").filter(has_text="triangle holds?")
    expect(triangle.locator("tr").filter(has_text="KL").first).to_contain_text(f"{2 * 1.21 / math.log(2):.4f}")
    expect(triangle.locator("tr").filter(has_text="KL").first).to_contain_text("✗ no")
    expect(triangle.locator("tr").filter(has_text="TV")).to_contain_text("✓ yes")
    assert_no_exception(page)


def test_dragging_q_moves_all_five_numbers_before_release(server: StreamlitServer, page: Page) -> None:
    open_app(page, server.url + "/compare")
    labels = list(five(Normal(0, 1), Normal(1, 2), "nats"))

    # Quadrature makes Compare's frames arrive in batches, nearest first; a position not there yet
    # reads "…", never a stale number. The first drag may meet such positions; a second finds them all.
    for every_frame in (False, True):
        seen = drag_slider(page, "q_mu", labels, steps=16, dx=-8, every_frame=every_frame)
        for mu, values in seen.items():
            assert values in (tuple(five(Normal(0, 1), Normal(mu, 2), "nats").values()), ("…",) * 5), mu
        wait_idle(page)
    assert len({values for values in seen.values() if values[0] != "…"}) >= 5, seen
    wait_idle(page)
    final = float(page.locator(".st-key-q_mu input[type=range]").get_attribute("value"))
    expect_five(page, Normal(0, 1), Normal(final, 2), "nats")
    assert_no_exception(page)


def test_numbers_come_at_once_and_a_costly_sweep_fills_in_after_them(server: StreamlitServer, page: Page) -> None:
    mixture = {prm.name: prm.default for prm in FAMILIES["mixture"].params}
    p = FAMILIES["mixture"].build(**mixture)
    q = FAMILIES["mixture"].build(**{**mixture, "w1": 0.05, "sigma1": 0.1, "sigma2": 5.0})
    page.goto(server.url + "/compare?p=mixture&q=mixture&q_w1=0.05&q_sigma1=0.1&q_sigma2=5&sweep=sigma2")

    computing = page.locator(".kl-live-chart .annotation-text").filter(has_text="Computing…")
    expect(computing).to_be_visible(timeout=60_000)
    expect_five(page, p, q, "nats")  # while the sweep is still coming in
    expect(computing).to_have_count(0, timeout=180_000)
    wait_idle(page)
    sweep_chart = page.locator(".kl-live-chart").filter(has=page.locator(".annotation-text", has_text="now"))
    # plotly.js keeps a typed array's spec in .data; _fullData holds the values it drew.
    finite = sweep_chart.evaluate(
        "chart => chart._fullData.slice(0, 5).map(t => Array.from(t.y).filter(Number.isFinite).length)")
    assert finite == [41] * 5, finite  # every measure at every sigma2 (the KLs too, above the chart or not)
    assert_no_exception(page)


def test_holding_the_triangles_shift_moves_kl_direct_and_through_q_before_release(server: StreamlitServer,
                                                                                  page: Page) -> None:
    open_app(page, server.url + "/compare")
    page.locator(".st-key-tri_d").scroll_into_view_if_needed()
    labels = ["KL(P‖R), direct", "KL(P‖Q) + KL(Q‖R), through Q"]

    def bar_reads(d: float) -> None:  # the direct bar's label follows the numbers one frame later
        page.wait_for_function("(text) => document.querySelector('.kl-live[data-frames~=\"tri_d\"] .kl-live-chart')"
                               ".data[3].text[0] === text", arg=f"KL(P‖R)<br>{2 * d**2:.3f}")

    seen = drag_slider(page, "tri_d", labels, steps=8, dx=40, at_each=bar_reads, every_frame=True)
    assert len(set(seen.values())) >= 5, seen
    for d, values in seen.items():  # N(0, 1), N(d, 1), N(2d, 1): KL(P‖R) = 2d² nats, the detour d²
        assert values == (format_value(2 * d**2, "nats"), format_value(d**2, "nats")), d
    wait_idle(page)
    final = float(page.locator(".st-key-tri_d input[type=range]").get_attribute("value"))
    assert f"tri_d={final:g}" in page.url
    for label, value in zip(labels, (2 * final**2, final**2)):
        expect(metric_value(page, label)).to_have_text(format_value(value, "nats"))
    assert_no_exception(page)
