"""The app shell in a real browser: every sidebar page loads, and a deep link works on a cold server."""

from playwright.sync_api import Page, expect

from kl_core import Normal, kl_divergence
from tests.browser.helpers import StreamlitServer, assert_no_exception, metric_value, open_app, wait_idle

DEEP_LINK = "/explore?p=normal&p_mu=0&p_sigma=1&q=normal&q_mu=1&q_sigma=2"


def test_every_sidebar_page_loads_without_exception(server: StreamlitServer, page: Page, subtests) -> None:
    open_app(page, server.url)
    links = page.get_by_test_id("stSidebarNav").get_by_test_id("stSidebarNavLink")
    titles = links.get_by_test_id("stMarkdownContainer").all_inner_texts()
    assert len(titles) >= 2, f"the sidebar lists {titles}"
    for index, title in enumerate(titles):
        with subtests.test(page=title):
            link = links.nth(index)
            link.click()
            wait_idle(page)
            expect(link).to_have_attribute("aria-current", "page")
            assert_no_exception(page)


def test_explore_deep_link_on_a_fresh_server_shows_kl(fresh_server: StreamlitServer, page: Page) -> None:
    # KL(N(0,1) || N(1,2)) = ln(2/1) + (1 + (0-1)^2) / (2*2^2) - 1/2 = ln 2 - 1/4 nats
    expected = kl_divergence(Normal(0, 1), Normal(1, 2))
    assert round(expected, 4) == 0.4431

    open_app(page, fresh_server.url + DEEP_LINK)

    assert_no_exception(page)
    # A fresh server and browser load the live panel's code first; a loaded CI machine can take seconds.
    expect(metric_value(page, "KL(P‖Q)")).to_have_text(f"{expected:.4f} nats", timeout=30_000)
    nav = page.get_by_test_id("stSidebarNav")
    expect(nav.get_by_test_id("stSidebarNavLink").filter(has_text="Explore")).to_have_attribute(
        "aria-current", "page"
    )
