"""KL Lab's entrypoint: page set-up and navigation, built from kl_app.site_map."""

# plotly imports pandas lazily, when it first serialises a figure. On a new server, students
# opening pages at the same moment then meet a half-imported pandas in another session's thread
# (AttributeError: partially initialized module 'pandas'). Imported here, it is complete before
# the first visitor: scripts/launch.py runs app.py once before it lets anyone in.
import pandas  # noqa: F401
import streamlit as st

from kl_app import assets, presenter, runs, ui, url
from kl_app.site_map import EVERY_PAGE, PAGES

st.set_page_config(page_title="KL Lab", page_icon=":material/compare_arrows:", layout="wide",
                   initial_sidebar_state=presenter.sidebar_state())
st.html(assets.stylesheet("site.css"))  # touch targets and focus rings
presenter.apply_style()

page = st.navigation([
    st.Page(entry.script, title=entry.title, icon=entry.icon, url_path=entry.url_path or None,
            default=not entry.url_path)
    for entry in PAGES
])
entry = next(e for e in PAGES if e.url_path == page.url_path)
with runs.full_run(url.Schema([*entry.schema, *EVERY_PAGE])):
    page.run()
    ui.classroom_tools(entry.url_path, entry.schema)
