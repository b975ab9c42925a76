"""Share this screen and Reset this page in a real browser: the QR code scans to the link, the link
reproduces the screen in a new browser, and reset brings back the defaults with a clean URL."""

import io
import re

import zxingcpp
from PIL import Image
from playwright.sync_api import Page, expect

from kl_app.formatting import format_value
from kl_core import Normal, kl_divergence
from tests.browser.helpers import StreamlitServer, assert_no_exception, metric_value, open_app, wait_idle


def test_the_qr_code_scans_to_a_link_that_reproduces_the_screen(server: StreamlitServer, page: Page,
                                                                  new_page) -> None:
    open_app(page, server.url + "/explore?q_mu=2.5&q_sigma=0.5&unit=bits")
    kl = format_value(kl_divergence(Normal(0, 1), Normal(2.5, 0.5), base=2), "bits")
    expect(metric_value(page, "KL(P‖Q)")).to_have_text(kl)

    page.get_by_test_id("stSidebar").get_by_role("button", name=re.compile("Share this screen")).click()
    dialog = page.get_by_role("dialog")
    link = dialog.get_by_test_id("stCode").inner_text().strip()
    assert link.startswith(f"{server.url}/explore?") and {"q_mu=2.5", "q_sigma=0.5", "unit=bits"} <= set(
        link.split("?")[1].split("&"))
    qr = dialog.get_by_role("img")
    expect(qr).to_be_visible()
    scanned = zxingcpp.read_barcodes(Image.open(io.BytesIO(qr.screenshot())))
    assert [code.text for code in scanned] == [link]

    student = new_page()  # another browser, as a student's phone would be
    open_app(student, link)
    expect(metric_value(student, "KL(P‖Q)")).to_have_text(kl)
    assert_no_exception(student)


def test_reset_brings_back_the_defaults_and_a_clean_url(server: StreamlitServer, page: Page) -> None:
    open_app(page, server.url + "/explore?p=laplace&p_b=2&q_mu=-1&unit=bits")
    page.get_by_test_id("stSidebar").get_by_role("button", name=re.compile("Reset this page")).click()
    wait_idle(page)
    expect(page).to_have_url(f"{server.url}/explore")
    expect(metric_value(page, "KL(P‖Q)")).to_have_text(format_value(kl_divergence(Normal(0, 1), Normal(1, 2)), "nats"))
    assert_no_exception(page)
