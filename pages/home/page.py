"""Home: what KL divergence is, a map of the app, and the takeaways."""

import streamlit as st

from kl_app import site_map, ui
from pages.home.links import SCHEMA

ui.page_setup("KL Lab", "An interactive lab for the Kullback-Leibler divergence.", SCHEMA)

st.markdown(
    "**KL divergence in three sentences.** "
    "KL(P‖Q) = Σ p(x) log(p(x)/q(x)) measures how many extra nats (or bits) per sample you pay when "
    "you describe data that really follow P with a model Q. "
    "It is never negative and is zero only when P and Q are the same distribution. "
    "It is not symmetric: KL(P‖Q) and KL(Q‖P) are generally different, and either can be infinite "
    "when one distribution puts mass where the other has none."
)

st.header("Map of the lab")
for entry in site_map.PAGES[1:]:
    st.page_link(entry.script, label=entry.title, icon=entry.icon)
    st.caption(entry.summary)

st.header("Key takeaways")
st.markdown(
    "1. KL is an expected log-ratio, weighted by the first argument: where P has mass and Q does not, "
    "KL(P‖Q) is large (or ∞).\n"
    "2. The two directions answer different questions; minimising KL(P‖Q) over Q covers all of P's mass, "
    "minimising KL(Q‖P) seeks one of its modes.\n"
    "3. With a one-hot truth, KL(truth‖prediction) is exactly the cross-entropy loss used to train classifiers.\n"
    "4. Symmetric, bounded relatives (Jensen-Shannon, Hellinger, total variation) stay finite where KL does not.\n"
    "5. Every number here is computed by `kl_core`, a tested Python package you can import in a notebook."
)
