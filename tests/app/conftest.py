"""AppTest helpers: run app.py as Streamlit would, on one page, optionally seeded from a URL query."""

import json
from pathlib import Path

from streamlit import config
from streamlit.testing.v1 import AppTest

# The app redacts error details for its audience (.streamlit/config.toml); tests want them.
config.set_option("client.showErrorDetails", "full")

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def open_page(page: str, query: dict[str, str] | None = None, timeout: float = 60) -> AppTest:
    """Run app.py's navigation on `page` (e.g. 'pages/explore/page.py') with `query` as the URL's parameters."""
    at = AppTest.from_file(APP, default_timeout=timeout).run()  # registers the pages' URL paths
    at.query_params.clear()
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def live_panels(at: AppTest) -> list[dict]:
    """The data of every live panel (kl_app.live) on the page: readings, figure, alt text, sliders."""
    return [json.loads(element.proto.json) for element in at.get("bidi_component")]


def figures(at: AppTest) -> list[dict]:
    """The plotly JSON of every chart on the page (ui.chart and the live panels), in page order."""
    return [panel["figure"] for panel in live_panels(at) if panel["figure"]]


def metrics(at: AppTest) -> dict[str, str]:
    """{label: shown value} of every st.metric and every live panel reading on the page."""
    shown = {m.label: m.value for m in at.metric}
    for panel in live_panels(at):
        shown.update({r["label"]: r["value"] for r in panel["readings"]})
    return shown


def notes(at: AppTest) -> list[str]:
    """The notes under the live panels' readings (such as the reason for an ∞) and the page's captions."""
    return [r["note"] for panel in live_panels(at) for r in panel["readings"] if r["note"]] + \
        [c.value for c in at.caption]


def url_notes(at: AppTest) -> str:
    """The text of every note the page shows about its URL's values."""
    return " ".join(i.value for i in at.info)
