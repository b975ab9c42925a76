"""KL Lab's entrypoint: page set-up and navigation. Adding a page is one file in pages/ and one line here."""

import streamlit as st

st.set_page_config(page_title="KL Lab", page_icon=":material/compare_arrows:", layout="wide")

PAGES = [
    st.Page("pages/home.py", title="Home", icon=":material/home:", default=True),
    st.Page("pages/explore.py", title="Explore KL(P‖Q)", icon=":material/tune:", url_path="explore"),
    st.Page("pages/compare.py", title="Compare KL with JS, Hellinger, TV", icon=":material/balance:", url_path="compare"),
    st.Page("pages/limitations.py", title="Limitations of KL", icon=":material/warning:", url_path="limitations"),
]

st.navigation(PAGES).run()
