"""The cat classifier, step by step: KL(truth‖prediction) as a loss, and its tie to cross-entropy."""

import streamlit as st

from kl_app import ui
from pages.cat_classifier import model as clf
from pages.cat_classifier.links import LAST_STEP, SCHEMA
from pages.cat_classifier.steps import STEPS

ui.page_setup(
    "The cat classifier: KL as a loss",
    "A classifier sees a cat and says p(cat) = 0.8. How wrong is it? Step through with **Back** and "
    "**Next** (keys B and N) or jump to a step.",
    SCHEMA,
)


def move(delta: int) -> None:
    st.session_state["step"] = clf.clamped(st.session_state.get("step", 1) + delta, 1, LAST_STEP)


stepper = st.container(horizontal=True, vertical_alignment="bottom", gap="medium")
back = stepper.empty()
with stepper:
    step = ui.select(SCHEMA["step"], horizontal=True)
    st.button("Next →", key="next", on_click=move, args=(1,), disabled=step == LAST_STEP, shortcut="N",
              type="primary", help="Next step (key N)")
back.button("← Back", key="back", on_click=move, args=(-1,), disabled=step == 1, shortcut="B",
            help="Previous step (key B)")


def read_example(step: int) -> tuple[float, str] | None:
    """The sidebar's example on steps 1 to 8: the classifier's p(cat) and what the picture really is."""
    if step == LAST_STEP:
        return None
    st.markdown("### Your example")
    return ui.slider(SCHEMA["q_cat"]), ui.select(SCHEMA["truth"], horizontal=True)


with st.sidebar:
    chosen = read_example(step)
    unit = ui.unit_choice()
if chosen:
    ui.on_phones("Your example (the classifier's p(cat), the true class) and the unit are in the sidebar: "
                 "open it with <b>»</b> at the top left.")
example = clf.binary_example(*chosen, ui.base_of(unit)) if chosen else None

st.header(f"{step} · {STEPS[step].title}")
STEPS[step].render(example, unit)
