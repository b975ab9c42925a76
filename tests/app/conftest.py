"""AppTest helpers: run app.py as Streamlit would, on one page, optionally seeded from a URL query."""

import base64
import json
import math
from pathlib import Path

import numpy as np
from streamlit import config
from streamlit.testing.v1 import AppTest

# The app redacts error details for its audience (.streamlit/config.toml); tests want them.
config.set_option("client.showErrorDetails", "full")

REPO_ROOT = Path(__file__).resolve().parents[2]
APP = str(REPO_ROOT / "app.py")


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


def _components(at: AppTest, name: str) -> list:
    return [e for e in at.get("bidi_component") if e.proto.component_name == name]


def _panel_data(element) -> dict:
    """A live panel's data as static/live.js draws it: a trace's x sent as {same_as: i} is trace i's,
    a template sent by address is the file's (kl_app.theme.TEMPLATE)."""
    data = json.loads(element.proto.json)
    traces = (data["figure"] or {}).get("data", [])
    for trace in traces:
        if isinstance(trace.get("x"), dict) and "same_as" in trace["x"]:
            trace["x"] = traces[trace["x"]["same_as"]]["x"]
    layout = (data["figure"] or {}).get("layout", {})
    if "address" in layout.get("template", {}):
        path = layout["template"]["address"].split("?")[0].removeprefix("app/")
        layout["template"] = json.loads((REPO_ROOT / path).read_text())
    return data


def live_panels(at: AppTest) -> list[dict]:
    """The data of every live panel (kl_app.live) on the page: readings, figure, alt text, sliders."""
    return [_panel_data(element) for element in _components(at, "kl_lab_live_panel")]


def live_panel(at: AppTest, key: str) -> dict:
    """The data of the live panel with key `key`."""
    return next(_panel_data(e) for e in _components(at, "kl_lab_live_panel") if e.proto.id.endswith(f"-{key}"))


def labelled_choices(at: AppTest) -> list[dict]:
    """What each labelled choice (kl_app.choice) on the page shows: its URL key, value, options and labels."""
    return [json.loads(e.proto.json) for e in _components(at, "kl_lab_choice")]


def labelled_choice(at: AppTest, key: str) -> dict:
    """What the labelled choice of URL parameter `key` shows."""
    return next(data for data in labelled_choices(at) if data["key"] == key)


def settled(at: AppTest, key: str, runs: int = 100) -> dict:
    """Rerun `at` while the live panel `key` shows work in progress (what its requests for more do);
    its data once complete."""
    for _ in range(runs):
        panel = live_panel(at, key)
        if not panel["pending"]:
            return panel
        at.run()
    raise AssertionError(f"panel {key} still pending after {runs} runs")


def decoded(values) -> np.ndarray:
    """A figure's array as plotly.js reads it: a typed array ({dtype, bdata}) or a list."""
    if isinstance(values, dict):
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=np.dtype(values["dtype"]).newbyteorder("<"))
    return np.array([math.nan if v is None else v for v in values], dtype=float)


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
    """The text of every note the page shows about its URL's values (kl_app.ui.page_setup's, with their icon)."""
    return " ".join(i.value for i in at.info if i.icon == ":material/link_off:")
