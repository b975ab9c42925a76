"""KL Lab's entrypoint: page set-up and navigation, built from kl_app.site_map."""

import streamlit as st

from kl_app.site_map import PAGES

st.set_page_config(page_title="KL Lab", page_icon=":material/compare_arrows:", layout="wide")

st.navigation([
    st.Page(entry.script, title=entry.title, icon=entry.icon, url_path=entry.url_path or None,
            default=not entry.url_path)
    for entry in PAGES
]).run()
