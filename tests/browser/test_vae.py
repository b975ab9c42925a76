"""The VAE page in a real browser: a deep link on a cold server, and the controls the issue names.

Expected numbers come from kl_core and the page's own `format_value`: these tests check the
wiring (URL -> widgets -> kl_core -> DOM), not a second copy of the math.
"""

import numpy as np
from playwright.sync_api import Page, expect

from kl_app.formatting import format_value
from kl_core import MultivariateNormal, kl_divergence
from pages.vae.model import fit_summary, make_dataset
from tests.browser.helpers import (StreamlitServer, assert_no_exception, drag_slider, metric_value, open_app,
                                   wait_idle)



def kl_term(means, sds) -> str:
    prior = MultivariateNormal.diagonal(np.zeros(len(means)), np.ones(len(means)))
    return format_value(kl_divergence(MultivariateNormal.diagonal(means, sds), prior), "nats")


def test_deep_link_on_a_fresh_server_shows_the_kl_term_and_the_fit(fresh_server: StreamlitServer, page: Page) -> None:
    open_app(page, fresh_server.url + "/vae?dims=1&mu1=0.5&sigma1=2&beta=15")

    assert_no_exception(page)
    expect(metric_value(page, "KL(q‖p)")).to_have_text(kl_term([0.5], [2.0]))
    fit = fit_summary(make_dataset(), 15.0)
    expect(metric_value(page, "Mean KL(q‖p)")).to_have_text(format_value(fit.kl.total, "nats"))
    expect(metric_value(page, "Reconstruction error")).to_have_text(f"{fit.reconstruction_error:.4f}")
    expect(page.get_by_test_id("stSidebarNav").get_by_test_id("stSidebarNavLink").filter(has_text="KL in a VAE")
           ).to_have_attribute("aria-current", "page")


def test_a_third_latent_dimension_adds_its_term(server: StreamlitServer, page: Page) -> None:
    open_app(page, server.url + "/vae")
    expect(metric_value(page, "KL(q‖p)")).to_have_text(kl_term([1.0, -0.5], [0.5, 1.2]))

    page.get_by_role("radiogroup", name="Latent dimensions").get_by_role("radio", name="3").click()
    wait_idle(page)

    expect(metric_value(page, "KL(q‖p)")).to_have_text(kl_term([1.0, -0.5, 0.0], [0.5, 1.2, 1.0]))
    expect(page.get_by_test_id("stSlider").filter(has_text="σ3")).to_have_count(1)
    assert_no_exception(page)


def test_raising_beta_to_its_maximum_collapses_the_codes(server: StreamlitServer, page: Page) -> None:
    open_app(page, server.url + "/vae")
    thumb = page.get_by_test_id("stSlider").filter(has_text="β, the weight of the KL term").get_by_role("slider")
    thumb.focus()
    thumb.press("End")
    wait_idle(page)

    expect(metric_value(page, "Mean KL(q‖p)")).to_have_text("0.0000 nats")
    expect(metric_value(page, "Code's standard deviations σ₁, σ₂")).to_have_text("1.000, 1.000")
    expect(page.locator(".kl-live-chart .gtitle").filter(has_text="Latent space at β = 60")).to_have_count(1)
    assert "beta=60" in page.url
    assert_no_exception(page)


def test_holding_a_codes_mean_moves_the_kl_term_and_its_panel_before_release(server: StreamlitServer,
                                                                            page: Page) -> None:
    open_app(page, server.url + "/vae")  # two dimensions: μ = (1, −0.5), σ = (0.5, 1.2)
    term = lambda m, s: 0.5 * (s**2 + m**2 - 1 - np.log(s**2))  # noqa: E731  KL(N(m, s²) ‖ N(0, 1)) in nats

    def titled(mu: float) -> None:  # the first panel's title follows the number one frame later
        page.wait_for_function("(text) => document.querySelector('.kl-live-chart').layout.annotations[0].text === text",
                               arg=f"z₁<br>KL = {term(mu, 0.5):.4f}<br>nats")

    seen = drag_slider(page, "mu1", ["KL(q‖p)"], steps=10, dx=-8, at_each=titled, every_frame=True)
    assert len(set(seen.values())) >= 5, seen
    for mu, (total,) in seen.items():
        assert total == kl_term([mu, -0.5], [0.5, 1.2]) == format_value(term(mu, 0.5) + term(-0.5, 1.2), "nats"), mu
    wait_idle(page)
    final = float(page.locator(".st-key-mu1 input[type=range]").get_attribute("value"))
    assert f"mu1={final:g}" in page.url
    expect(metric_value(page, "KL(q‖p)")).to_have_text(kl_term([final, -0.5], [0.5, 1.2]))
    assert_no_exception(page)
