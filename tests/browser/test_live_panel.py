"""The live panel's code (static/live.js) under the calling order of Streamlit's component host.

Streamlit calls the panel's default export on every run and keeps the cleanup it returns; when
two runs follow in quick succession it runs the earlier call's cleanup as soon as that call
returns, which can be after the later call has drawn. The panel must then stay, once.
"""

from playwright.sync_api import Page

from tests.browser.helpers import StreamlitServer, open_app

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


def test_a_cleanup_before_the_next_call_leaves_one_fresh_panel(server: StreamlitServer, page: Page) -> None:
    open_app(page, server.url)
    assert page.evaluate(CALLS_JS, ["call", 0, "call"]) == [[1, "0 nats"], [0, ""], [1, "1 nats"]]


def test_the_latest_calls_cleanup_takes_the_panel_away(server: StreamlitServer, page: Page) -> None:
    open_app(page, server.url)
    assert page.evaluate(CALLS_JS, ["call", "call", 1]) == [[1, "0 nats"], [1, "1 nats"], [0, ""]]
