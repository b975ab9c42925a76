"""The GAN page in a real browser: a deep link on a cold server, dragging Q, stepping and replaying the GAN.

Expected numbers come from kl_core and the page's own `format_value`: these tests check the
wiring (URL -> widgets -> kl_core -> DOM), not a second copy of the math.
"""

import math

from playwright.sync_api import Page, expect

from kl_app.formatting import fixed, format_value
from kl_core import Normal, js_divergence, kl_divergence
from pages.gan.model import REAL_DATA, GanConfig, initial_state, js_mean_gradient, train, value_at_optimum
from tests.browser.helpers import (StreamlitServer, assert_no_exception, drag_slider, metric_value, open_app,
                                   wait_idle)

P = REAL_DATA["normal"]
TITLE_JS = "() => [...document.querySelectorAll('.kl-live-chart')].pop()?.querySelector('.gtitle')?.textContent ?? ''"



def trained_kl(steps: int, mu: float = -1.0, sigma: float = 1.0) -> str:
    config = GanConfig(real=P, start=Normal(mu, sigma))
    return format_value(kl_divergence(P, train(initial_state(config), config, steps)[-1].generator), "nats")


def test_deep_link_far_from_p_on_a_fresh_server(fresh_server: StreamlitServer, page: Page) -> None:
    open_app(page, fresh_server.url + "/gan?mu=-8&sigma=0.5&steps=0")

    assert_no_exception(page)
    q = Normal(-8, 0.5)
    expect(metric_value(page, "JS(P, Q)")).to_have_text(format_value(js_divergence(P, q), "nats"))
    expect(metric_value(page, "JS(P, Q)")).to_have_text(format_value(math.log(2), "nats"))
    expect(metric_value(page, "Generator's gradient d JS / d μ")).to_have_text(
        format_value(js_mean_gradient(P, q), "nats per unit of x"))
    expect(metric_value(page, "KL(P‖Q) now")).to_have_text(format_value(kl_divergence(P, q), "nats"))


def test_dragging_q_toward_p_updates_js_and_the_game_value(server: StreamlitServer, page: Page) -> None:
    open_app(page, server.url + "/gan")
    thumb = page.get_by_test_id("stSlider").filter(has_text="Generator mean μ").get_by_role("slider")
    thumb.focus()
    for _ in range(3):
        thumb.press("ArrowRight")
    wait_idle(page)

    q = Normal(-0.7, 1.0)
    expect(metric_value(page, "JS(P, Q)")).to_have_text(format_value(js_divergence(P, q), "nats"))
    expect(metric_value(page, "V(G, D*) = 2·JS − log 4")).to_have_text(f"{fixed(value_at_optimum(P, q), 4)} nats")
    assert "mu=-0.7" in page.url
    assert_no_exception(page)


def test_step_then_replay_the_training(server: StreamlitServer, page: Page) -> None:
    open_app(page, server.url + "/gan?steps=100")
    expect(metric_value(page, "KL(P‖Q) now")).to_have_text(trained_kl(100))

    page.get_by_test_id("stNumberInput").filter(has_text="Training steps").get_by_test_id("stNumberInputStepUp").click()
    wait_idle(page)
    expect(metric_value(page, "KL(P‖Q) now")).to_have_text(trained_kl(125))
    final = "Step 125: generator"
    page.wait_for_function(f"() => ({TITLE_JS})().startsWith({final!r})")

    page.get_by_text("▶ Replay training").click()
    page.wait_for_function(f"() => ({TITLE_JS})().startsWith('Step ') && !({TITLE_JS})().startsWith({final!r})",
                           polling="raf")
    page.wait_for_function(f"() => ({TITLE_JS})().startsWith({final!r})", timeout=30_000)
    assert_no_exception(page)


def test_holding_the_generators_mean_moves_js_and_the_game_value_before_release(server: StreamlitServer,
                                                                               page: Page) -> None:
    open_app(page, server.url + "/gan")
    labels = ["JS(P, Q)", "V(G, D*) = 2·JS − log 4"]

    def shown(mu: float) -> tuple[str, str]:
        q = Normal(mu, 1.0)
        return format_value(js_divergence(P, q), "nats"), f"{fixed(value_at_optimum(P, q), 4)} nats"

    def q_is_drawn_at(mu: float) -> None:  # the generator's curve follows the numbers one frame later
        page.wait_for_function("(mu) => { const d = document.querySelector('.kl-live-chart').data[1];"
                               " const y = Array.isArray(d.y) ? d.y : [];"  # a frame's curve, not the run's typed one
                               " return Math.abs(d.x[y.indexOf(Math.max(...y))] - mu) < 0.15; }", arg=mu)

    seen = drag_slider(page, "mu", labels, steps=10, dx=10, at_each=q_is_drawn_at, every_frame=True)
    assert len(set(seen.values())) >= 5, seen
    for mu, values in seen.items():
        assert values == shown(mu), mu
    wait_idle(page)
    final = float(page.locator(".st-key-mu input[type=range]").get_attribute("value"))
    assert f"mu={final:g}" in page.url
    for label, value in zip(labels, shown(final)):
        expect(metric_value(page, label)).to_have_text(value)
    assert_no_exception(page)
