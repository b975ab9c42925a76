"""AppTest helpers: run app.py as Streamlit would, on one page, optionally seeded from a URL query."""

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


def metrics(at: AppTest) -> dict[str, str]:
    """{label: shown value} of every st.metric on the page."""
    return {m.label: m.value for m in at.metric}


def url_notes(at: AppTest) -> str:
    """The text of every note the page shows about its URL's values."""
    return " ".join(i.value for i in at.info)
