"""Shared links in a real browser: on a freshly started server a deep link paints its numbers through
app.py, and every URL the README has ever published opens its page. (How fast is a benchmark's
question, not a test's.)"""

import re

import pytest
from playwright.sync_api import Page, expect

from kl_app.site_map import PAGES
from tests.browser.helpers import REPO_ROOT, StreamlitServer, assert_no_exception, metric_value, wait_idle

COLD_LINKS = {
    "explore": ("/explore?p=laplace&p_b=2&q=normal", "KL(P‖Q)"),
    "compare": ("/compare?p=normal&q=normal&q_mu=2", "TV(P, Q)"),
    "cat-classifier": ("/cat-classifier?step=2&q_cat=0.6", "KL(P‖Q)"),
}


@pytest.mark.parametrize("name", COLD_LINKS)
def test_deep_link_on_a_fresh_server_paints_its_number(fresh_server: StreamlitServer, page: Page,
                                                        name: str) -> None:
    link, label = COLD_LINKS[name]
    page.goto(fresh_server.url + link, wait_until="commit")
    expect(metric_value(page, label)).to_have_text(re.compile(r"\d"), timeout=30_000)
    assert_no_exception(page)


def _readme_links() -> list[str]:
    readme = (REPO_ROOT / "README.md").read_text()
    paths = {f"/{e.url_path}" for e in PAGES}
    found = re.findall(r"`(/[a-z-]*(?:\?[^`\s]*)?)`", readme)
    return sorted({link for link in found if link.split("?")[0] in paths})


@pytest.mark.parametrize("link", _readme_links())
def test_every_readme_link_opens_its_page(server: StreamlitServer, page: Page, link: str) -> None:
    page.goto(server.url + link)
    wait_idle(page)
    assert_no_exception(page)
    path = link.split("?")[0].strip("/")
    title = next(e.title for e in PAGES if e.url_path == path)
    expect(page.get_by_test_id("stSidebarNavLink").filter(has_text=title.split("(")[0].strip())).to_have_attribute(
        "aria-current", "page")
    assert not page.get_by_test_id("stAlertContentInfo").filter(has_text="not a valid").count(), link
