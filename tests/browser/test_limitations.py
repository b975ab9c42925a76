"""The Limitations page in a real browser: a cold deep link, cutting Q's support, replaying the fits."""

import math

from playwright.sync_api import Page, expect

from kl_app.formatting import format_value
from kl_core import GaussianMixture, Normal, js_divergence, kl_divergence
from pages.limitations import zero_support
from pages.limitations.fitting import fit_forward, fit_reverse
from tests.browser.helpers import (StreamlitServer, assert_no_exception, drag_slider, metric_value, open_app,
                                   reading_note, wait_idle)

P_BELL, Q_BELL = zero_support.bell(12, 5.5, 2.0), zero_support.bell(12, 6.5, 2.5)



def test_deep_link_on_a_fresh_server_shows_the_numbers(fresh_server: StreamlitServer, page: Page) -> None:
    open_app(page, fresh_server.url + "/limitations?q_mu=2&q_sigma=1&unit=bits")

    p, q = Normal(0, 1), Normal(2, 1)
    expect(metric_value(page, "KL(P‖Q)")).to_have_text(format_value(kl_divergence(p, q, base=2), "bits"))
    expect(metric_value(page, "KL(Q‖P)")).to_have_text(format_value(kl_divergence(q, p, base=2), "bits"))
    nav = page.get_by_test_id("stSidebarNav").get_by_test_id("stSidebarNavLink")
    expect(nav.filter(has_text="Limitations")).to_have_attribute("aria-current", "page")
    assert_no_exception(page)


def test_dragging_q_support_edge_makes_kl_infinite_while_js_stays_finite(server: StreamlitServer,
                                                                         page: Page) -> None:
    open_app(page, server.url + "/limitations")
    page.get_by_role("tab", name="2 · Zero support → ∞").click()
    expect(metric_value(page, "KL(P‖Q) · cut Q")).to_have_text(format_value(kl_divergence(P_BELL, Q_BELL), "nats"))

    thumb = page.get_by_test_id("stSlider").filter(has_text="Q's lowest possible outcome").get_by_role("slider")
    thumb.focus()
    thumb.press("ArrowRight")  # Q now rules out outcome 1
    wait_idle(page)

    cut_q = zero_support.cut(Q_BELL, 1, 11)
    expect(metric_value(page, "KL(P‖Q) · cut Q")).to_have_text("∞")
    expect(metric_value(page, "JS(P, Q) · cut Q")).to_have_text(format_value(js_divergence(P_BELL, cut_q), "nats"))
    expect(reading_note(page, "KL(P‖Q) · cut Q")).to_contain_text("∞ because P gives outcome 1")

    page.get_by_role("radio", name="1e-4", exact=True).first.click()  # tab 2 comes before tab 5
    wait_idle(page)
    smoothed = kl_divergence(P_BELL, cut_q, smoothing=1e-4)
    assert math.isfinite(smoothed)
    expect(metric_value(page, "KL(P‖Q) · cut Q, smoothed with ε = 1e-4")).to_have_text(format_value(smoothed, "nats"))
    assert_no_exception(page)


def test_replaying_the_optimisers_animates_to_both_fits(server: StreamlitServer, page: Page) -> None:
    open_app(page, server.url + "/limitations?modes=8")
    page.get_by_role("tab", name="4 · Forward vs reverse").click()
    mixture = GaussianMixture([0.5, 0.5], [-4.0, 4.0], [1.0, 1.0])
    forward, reverse = fit_forward(mixture), fit_reverse(mixture)
    expect(metric_value(page, "reverse: min KL(Q‖P)")).to_have_text(
        format_value(kl_divergence(reverse.normal, mixture), "nats"))

    chart = page.locator(".kl-live-chart").filter(has=page.get_by_text("Replay the optimisers"))
    title = chart.locator(".gtitle")
    last = max(len(forward.path), len(reverse.path)) - 1
    expect(title).to_contain_text(f"optimiser step {last}")
    chart.get_by_text("Replay the optimisers").click()

    expect(title).not_to_contain_text(f"optimiser step {last}")
    expect(title).to_contain_text(f"optimiser step {last}", timeout=30_000)
    expect(title).to_contain_text(f"reverse N({reverse.mu:.2f}, {reverse.sigma:.2f}²)")
    assert_no_exception(page)


def test_holding_qs_mean_moves_both_directions_and_the_star_before_release(server: StreamlitServer,
                                                                          page: Page) -> None:
    open_app(page, server.url + "/limitations")
    p = Normal(0, 1)

    def star_at(mu: float) -> None:  # the current Q's star follows the numbers one frame later
        page.wait_for_function("(mu) => Math.abs(document.querySelector('.kl-live-chart').data[2].x[0] - mu) < 1e-9",
                               arg=mu)

    seen = drag_slider(page, "q_mu", ["KL(P‖Q)", "KL(Q‖P)"], steps=10, dx=-10, at_each=star_at, every_frame=True)
    assert len(set(seen.values())) >= 5, seen
    for mu, values in seen.items():
        q = Normal(mu, 0.5)
        assert values == (format_value(kl_divergence(p, q), "nats"), format_value(kl_divergence(q, p), "nats")), mu
    wait_idle(page)
    final = float(page.locator(".st-key-q_mu input[type=range]").get_attribute("value"))
    assert f"q_mu={final:g}" in page.url
    expect(metric_value(page, "KL(P‖Q)")).to_have_text(format_value(kl_divergence(p, Normal(final, 0.5)), "nats"))
    assert_no_exception(page)


def test_holding_qs_lowest_outcome_turns_kl_infinite_before_release(server: StreamlitServer, page: Page) -> None:
    open_app(page, server.url + "/limitations?tab=2+·+Zero+support+→+∞")
    labels = ["KL(P‖Q) · cut Q", "JS(P, Q) · cut Q", "P's mass outside Q's window"]

    def shown(low: int) -> tuple[str, str, str]:
        q = zero_support.cut(Q_BELL, low - 1, 11)
        return (format_value(kl_divergence(P_BELL, q), "nats"), format_value(js_divergence(P_BELL, q), "nats"),
                f"{P_BELL[:low - 1].sum():.4f}")

    seen = drag_slider(page, "cut_low", labels, steps=6, dx=40, every_frame=True)
    assert set(seen) <= {2, 3, 4, 5, 6} and len(seen) >= 4, seen  # whole outcomes only
    for low, values in seen.items():
        assert values == shown(int(low)) and values[0] == "∞", low
    wait_idle(page)
    expect(metric_value(page, labels[0])).to_have_text("∞")
    expect(metric_value(page, labels[1])).to_have_text(shown(6)[1])
    assert "cut_low=6" in page.url
    assert_no_exception(page)
