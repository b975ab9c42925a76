"""For teachers: the classic demos as links, every page's link parameters, and serving a class."""

import streamlit as st

from kl_app import site_map, ui
from pages.teachers.links import SCHEMA
from pages.teachers.model import DEMOS

ui.page_setup("For teachers", "Every control of every page is in its address: set up a screen, then share "
              "its link (or the QR code from **Share this screen** in the sidebar) and every student sees "
              "exactly that screen.", SCHEMA)

st.header("Classic demos")
for demo in DEMOS:
    ui.link_list([(demo.title, demo.href)])
    st.markdown(demo.shows)

st.header("Running KL Lab for a class")
st.markdown(
    "One server (a laptop on the school network): `bash scripts/run`, then give students the "
    "address it prints. One Streamlit process serves about 20 students dragging at once on a 2-core "
    "machine. For a larger class, `bash scripts/serve --replicas N --port P` starts N identical "
    "servers behind HAProxy, which keeps each student on one of them and moves them to another if one "
    "stops; the reconnected page restores its screen from its address. The README has the details, "
    "and a Dockerfile and a Kubernetes manifest for a real deployment.")

st.header("Link parameters of every page")
st.markdown("A value outside its range, or a name a page does not know, is dropped with a note at the top "
            "of the page; the control then starts at its default. Values at their default are left out "
            "of the address.")
with st.expander("Every page"):
    st.table(site_map.EVERY_PAGE.rows())
for entry in site_map.PAGES:
    rows = entry.schema.rows()
    if not rows:
        continue
    with st.expander(f"/{entry.url_path} · {entry.title}"):
        st.table(rows)
