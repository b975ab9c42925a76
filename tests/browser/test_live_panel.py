"""The live panel's code (static/live.js) under the calling order of Streamlit's component host, and
the server's first paint of its readings.

Streamlit calls the panel's default export on every run and keeps the cleanup it returns; when
two runs follow in quick succession it runs the earlier call's cleanup as soon as that call
returns, which can be after the later call has drawn, or before it, while the element stays on
the page. The panel must then stay, once, and go only with its element. Its charts fetch KL Lab's
template by address.
"""

from playwright.sync_api import Page, expect

from kl_app.theme import FONT_SIZE, TEMPLATE_FILE
from tests.browser.helpers import StreamlitServer, metric_value, open_app

CALLS_JS = """async (order) => {
  const live = await import(new URL("app/static/live.js", document.baseURI));
  const parent = document.createElement("div");
  document.body.append(parent);
  const data = (value) => ({readings: [{label: "KL(P‖Q)", value, note: "", help: ""}], figure: null, alt: "",
                            sliders: {}});
  const call = (value) => live.default({data: data(value), parentElement: parent, setStateValue: () => {}});
  const counts = [];
  const cleanups = [];
  for (const step of order) {
    if (step === "call") cleanups.push(call(`${cleanups.length} nats`));
    else if (step === "leave") parent.remove();  // Streamlit takes the element off the page
    else cleanups[step]();
    counts.push([parent.querySelectorAll(".kl-live").length,
                 [...parent.querySelectorAll("[data-testid=klReadingValue]")].map((e) => e.textContent).join()]);
  }
  parent.remove();
  return counts;
}"""


def test_an_earlier_calls_late_cleanup_leaves_the_panel_once(server: StreamlitServer, page: Page) -> None:
    open_app(page, server.url)
    assert page.evaluate(CALLS_JS, ["call", "call", 0, "call"]) == [
        [1, "0 nats"], [1, "1 nats"], [1, "1 nats"], [1, "2 nats"]]


def test_a_cleanup_while_the_element_stays_keeps_the_panel_for_the_next_call(server: StreamlitServer,
                                                                           page: Page) -> None:
    open_app(page, server.url)
    assert page.evaluate(CALLS_JS, ["call", 0, "call"]) == [[1, "0 nats"], [1, "0 nats"], [1, "1 nats"]]


def test_the_latest_calls_cleanup_takes_the_panel_away_with_its_element(server: StreamlitServer, page: Page) -> None:
    open_app(page, server.url)
    assert page.evaluate(CALLS_JS, ["call", "call", "leave", 1]) == [
        [1, "0 nats"], [1, "1 nats"], [1, "1 nats"], [0, ""]]


def test_a_panel_taken_away_comes_back_fresh_when_its_element_does(server: StreamlitServer, page: Page) -> None:
    open_app(page, server.url)
    assert page.evaluate(CALLS_JS, ["call", "leave", 0, "call"]) == [
        [1, "0 nats"], [1, "0 nats"], [0, ""], [1, "1 nats"]]


FIRST_PAINT = '[class*="st-key-kl_panel_compare_live"] [data-testid="stMarkdown"]'


def test_the_numbers_show_before_the_panels_code_and_without_it(server: StreamlitServer, page: Page) -> None:
    """The server's Markdown copy of the readings shows until the panel draws its own, and stays if
    the panel's code never loads."""
    page.route("**/static/live.js*", lambda route: route.abort())
    open_app(page, server.url + "/compare?p=normal&q=normal&q_mu=2&q_sigma=1")
    first = page.locator(FIRST_PAINT)
    expect(first).to_be_visible()
    expect(first).to_contain_text("TV(P, Q) 0.6827")
    expect(page.get_by_test_id("klReading")).to_have_count(0)


def test_once_the_panel_draws_its_readings_the_first_paint_is_hidden(server: StreamlitServer, page: Page) -> None:
    open_app(page, server.url + "/compare?p=normal&q=normal&q_mu=2&q_sigma=1")
    expect(metric_value(page, "TV(P, Q)")).to_have_text("0.6827")
    expect(page.locator(FIRST_PAINT)).to_be_hidden()


def test_a_chart_is_drawn_with_kl_labs_template_fetched_once(server: StreamlitServer, page: Page) -> None:
    """The template comes by address (kl_app/live.py): the charts' tick labels are KL Lab's 18 px."""
    fetched = []
    page.on("request", lambda r: fetched.append(r.url) if TEMPLATE_FILE in r.url else None)
    open_app(page, server.url + "/explore")
    expect(page.locator(".kl-live-chart .modebar")).to_have_count(2, timeout=30_000)  # both charts drawn
    sizes = page.locator(".kl-live-chart .xtick text").evaluate_all("ts => ts.map(t => getComputedStyle(t).fontSize)")
    assert sizes and set(sizes) == {f"{FONT_SIZE}px"}, sizes
    assert len(fetched) == 1, fetched
