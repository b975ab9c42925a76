"""Data drift: bin each feature on the reference data and score the current data against it."""

import hashlib

import streamlit as st

import kl_core
from kl_app import presenter, ui, url
from pages.drift import figures
from pages.drift import tables
from kl_app.formatting import format_value, inert, tex_number, tex_value
from kl_app.units import LOG_TEX
from pages.drift.model import METRICS, MIN_EXPECTED_COUNT, dataset_verdict, no_drift_score
from pages.drift.links import SCHEMA

ui.page_setup(
    "Data drift: has the data moved?",
    "A model learned from **reference** data; is the **current** data still like it? Bin each feature on the "
    "reference, compare the two histograms with KL and its relatives, and decide whether to retrain.",
    SCHEMA,
)

FEATURE = SCHEMA["feature"]
SHOWN_DATA = "_drift_feature_data"
UPLOAD_RESULT = "_drift_upload_result"


@st.cache_data(max_entries=16, show_spinner="Binning and scoring every feature…")
def synthetic_analysis(n_ref, n_cur, seed, drift, method, n_bins, smoothing):
    reference, current = tables.synthetic(n_ref, n_cur, seed, drift)
    return tables.analyse(reference, current, method=method, n_bins=n_bins, smoothing=smoothing)


@st.cache_data(max_entries=16, show_spinner="Binning and scoring every feature…")
def dataset_analysis(key, method, n_bins, smoothing):
    data = tables.DATASETS[key]()
    return tables.analyse(data.reference, data.current, method=method, n_bins=n_bins, smoothing=smoothing)


def upload_analysis(ref_file, cur_file, method, n_bins, smoothing) -> tables.Analysis:
    """Read both uploads and score them, with a progress bar; the last result is kept for this student.

    Not st.cache_data: the progress bar is updated while the work runs, which a cached function may
    not do, and an upload belongs to one student anyway. Raises tables.DataError for a bad file.
    """
    ref_bytes, cur_bytes = ref_file.getvalue(), cur_file.getvalue()
    key = (hashlib.sha256(ref_bytes).hexdigest(), hashlib.sha256(cur_bytes).hexdigest(), ref_file.name,
           cur_file.name, method, n_bins, smoothing)
    kept = st.session_state.get(UPLOAD_RESULT)
    if kept is not None and kept[0] == key:
        return kept[1]
    bar = st.progress(0.0, text="Reading the files…")

    def step(start: float, width: float):
        return lambda fraction, text: bar.progress(start + width * fraction, text=inert(text))

    try:
        reference = tables.read_csv(ref_file.name, ref_bytes, progress=step(0.0, 0.3))
        current = tables.read_csv(cur_file.name, cur_bytes, progress=step(0.3, 0.3))
        analysis = tables.analyse(reference, current, method=method, n_bins=n_bins, smoothing=smoothing,
                                  progress=step(0.6, 0.4))
    finally:
        bar.empty()
    st.session_state[UPLOAD_RESULT] = (key, analysis)
    return analysis


def show_table(frame) -> None:
    """A results table; st.table renders its cells as Markdown, so the feature names from a file are shown inert."""
    st.table(frame.assign(feature=frame["feature"].map(inert)).style.format(
        format_value, subset=list(frame.select_dtypes("float").columns)))


def feature_choice(ranked: list[str], data: tuple) -> str:
    """The feature to show up close: the highest-scoring one until the student or the link picks another.

    A link without `feature` means the highest-scoring feature of the link's own data and drift:
    that is the widget's default, which Streamlit leaves out of the URL. So while the student has
    not picked another feature, the choice follows the top of the ranking when the drift re-ranks
    the features, and a copied link opens the feature on screen; a picked feature stays picked.
    When the data change to other features (another source, other files), the choice starts
    again at the new top. Either way the box and the charts below name the same feature.
    """
    choice = url.Choice(FEATURE.key, FEATURE.label, ranked[0], tuple(ranked), help=FEATURE.help)
    seeding = FEATURE.key in st.query_params and FEATURE.key not in st.session_state
    if seeding:
        for correction in url.Schema([choice]).check({FEATURE.key: st.query_params.get_all(FEATURE.key)}):
            del st.query_params[FEATURE.key]
            st.info(correction.note, icon=":material/link_off:")
    else:
        # Set every run: a re-ranking makes a new widget, which would otherwise show its default.
        shown_data, shown_top = st.session_state.get(SHOWN_DATA, (None, None))
        picked = st.session_state.get(FEATURE.key, shown_top)
        follow_top = shown_data != data or picked == shown_top or picked not in ranked
        st.session_state[FEATURE.key] = ranked[0] if follow_top else picked
    st.session_state[SHOWN_DATA] = (data, ranked[0])
    return ui.select(choice)


top = st.container()
controls, view = st.columns([1, 2], gap="large")
with controls if presenter.active() else top:  # on a projector the verdict and its chart start at the top
    source = ui.select(SCHEMA["src"], horizontal=not presenter.active())  # a narrow column: a drop-down

with controls:
    if source == "synthetic":
        st.markdown("**Synthetic data**: age (normal), income (right-skewed), plan (categories) and "
                    "tenure, which never drifts.")
        n_ref = int(ui.number(SCHEMA["n_ref"]))
        n_cur = int(ui.number(SCHEMA["n_cur"]))
        drift = tables.SyntheticDrift(**{key: ui.slider(SCHEMA[key]) for key in (
            "age_shift", "age_scale", "income_shift", "income_scale", "plan_mix", "new_plan")})
        seed = int(ui.number(SCHEMA["seed"]))
        question = st.container()  # asked once the scores are known
    elif source == "upload":
        st.markdown(f"**Your data**: two CSV files (UTF-8, at most {tables.MAX_UPLOAD_MB} MB each). They are "
                    "read in memory, never saved, and columns with the same name are compared.")
        ref_file = st.file_uploader("Reference CSV (the training data)", key="ref_file",
                                    max_upload_size=tables.MAX_UPLOAD_MB)
        cur_file = st.file_uploader("Current CSV (the new data)", key="cur_file",
                                    max_upload_size=tables.MAX_UPLOAD_MB)
    else:
        data = tables.DATASETS[source]()
        st.markdown(f"**{data.title}**  \n{data.split}.")
        st.caption(data.credit)

    st.markdown("**Method**")
    method = ui.select(SCHEMA["bins"], horizontal=True)
    n_bins = ui.slider(SCHEMA["n_bins"])
    smoothing = float(ui.select(SCHEMA["eps"]))
    metric = ui.select(SCHEMA["metric"], horizontal=True)
    unit = ui.unit_choice()
    share = ui.slider(SCHEMA["share"])
base = ui.base_of(unit)

with view:
    try:
        if source == "synthetic":
            analysis = synthetic_analysis(n_ref, n_cur, seed, drift, method, n_bins, smoothing)
        elif source == "upload":
            if ref_file is None or cur_file is None:
                st.info("Upload both files to compare them: the reference (what the model learned from) and "
                        "the current data.", icon=":material/upload_file:")
                st.stop()
            analysis = upload_analysis(ref_file, cur_file, method, n_bins, smoothing)
        else:
            analysis = dataset_analysis(source, method, n_bins, smoothing)
    except tables.DataError as err:
        st.error(inert(str(err)), icon=":material/error:")
        st.stop()

    features = analysis.features
    m = METRICS[metric]
    verdict = dataset_verdict(features, metric=metric, share=share)
    judged = {f.name: f.verdict(metric) for f in features}
    summary = (f"{verdict.n_drifted} of {verdict.n_features} features drifted by {m.label} "
               f"({verdict.share_drifted:.0%}; the dataset counts as drifted from {share:.0%}).")
    if analysis.too_small:
        st.info(analysis.too_small, icon=":material/hourglass_empty:")
    else:
        count, words = st.columns([1, 2], vertical_alignment="center")
        count.metric(f"Features drifted by {m.label}", f"{verdict.n_drifted} of {verdict.n_features}",
                     help=f"The dataset counts as drifted when at least {share:.0%} of its features drifted.")
        # A finding of the lesson, in a plain box: a red or green alert would read like the app's own state.
        icon, headline = ((":material/warning:", "Dataset drift: time to consider retraining.") if verdict.drifted
                          else (":material/check_circle:", "No dataset drift."))
        words.container(border=True).markdown(f"{icon} **{headline}** {summary}")
    shown = lambda value: format_value(m.shown(value, base), m.unit(unit))  # noqa: E731
    ui.chart("scores", figures.scores_figure(features, metric, unit),
             alt=f"{figures.metric_title(metric, unit)} of each feature as a bar over a pale band reaching its 95% "
                 "no-drift bound, thresholds dashed: " + "; ".join(
                     f"{name} {shown(v.score)} ({v.status}; no-drift floor {shown(v.floor)}, "
                     f"bound {shown(v.bound)})" for name, v in judged.items()) + ".")
    st.markdown(f"**{m.label} thresholds{' in ' + m.unit(unit) if m.unit(unit) else ''}:** "
                f"{m.thresholds_text(base)}. A score past a "
                "threshold but inside the pale band reads **within noise**: with these sample sizes, two samples "
                "of the *same* distribution already differ that much.")

if source == "synthetic":
    with question:
        ui.predict(SCHEMA["guess"], *no_drift_score(next(f for f in features if f.name == "tenure"), metric, unit))

for note in analysis.notes:
    st.info(inert(note), icon=":material/info:")

table = tables.results_table(features, metric, unit)
# The scores fit the page's width (a wider table would scroll, out of reach of the keyboard); the
# counts behind them fold away. The download has every column.
show_table(table.drop(columns=list(tables.COUNT_COLUMNS)))
with st.expander("Bins, rows and missing values of each feature"):
    show_table(table[["feature", *tables.COUNT_COLUMNS]])
st.download_button("Download the results (CSV)", tables.safe_csv(table), file_name="drift_results.csv",
                   mime="text/csv", icon=":material/download:")
st.caption(f"All {analysis.n_reference:,} reference and {analysis.n_current:,} current rows are used, no sampling "
           "(10 numeric features of 1,000,000 rows are scored in under 2 s). Results are cached per data and "
           "method, so changing *Judge by* or the share does not recompute.")

st.header("One feature up close")
name = feature_choice(list(table["feature"]), (source, *sorted(f.name for f in features)))
f = next(f for f in features if f.name == name)
r, c = f.reference.proportions, f.current.proportions
ui.chart("bins", figures.bins_figure(f, unit),
         alt=f"Bars of the reference (blue) and current (orange) share of each of the {f.binning.n_bins} bins of "
             f"{name}, and below each bin's terms of KL(ref‖cur) and KL(cur‖ref) with their sum, the PSI term. "
             f"PSI = {format_value(METRICS['psi'].shown(f.scores['psi'], base), unit)}, verdict {judged[name].status}.")
row = st.columns(3)
for i, (key, shown_metric) in enumerate(METRICS.items()):
    with row[i % 3]:
        ui.divergence_metric(shown_metric.label, shown_metric.shown(f.scores[key], base), shown_metric.unit(unit),
                             reason="a bin is empty in one sample and ε = 0")
st.caption(f"{inert(name)}: {f.kind}, {f.binning.n_bins} bins; missing values (not binned): "
           f"{f.reference.missing:,} in the reference, {f.current.missing:,} in the current data.")
in_unit = {key: METRICS[key].shown(f.scores[key], base) for key in ("kl_pq", "kl_qp", "psi")}
st.latex(rf"\mathrm{{PSI}} = \sum_i (c_i - r_i)\,{LOG_TEX[unit]}\frac{{c_i}}{{r_i}} = "
         rf"\mathrm{{KL}}(\mathrm{{ref}}\|\mathrm{{cur}}) + \mathrm{{KL}}(\mathrm{{cur}}\|\mathrm{{ref}}) = "
         rf"{tex_number(in_unit['kl_pq'])} + {tex_number(in_unit['kl_qp'])} = {tex_value(in_unit['psi'], unit)}")
st.markdown("PSI is the **sum of the two KL directions** on the same smoothed bins: a symmetric score built from "
            "the asymmetric KL. With no drift at all, sampling alone gives about")
n, k, b = f.reference.n, f.current.n, f.occupied_bins
st.latex(rf"\mathrm{{PSI}}_{{\text{{no drift}}}} \approx (B-1)\Big(\frac1N + \frac1M\Big) = ({b}-1)"
         rf"\Big(\frac1{{{n}}} + \frac1{{{k}}}\Big)\ \text{{nats}} = {tex_value(METRICS['psi'].shown(f.noise_floor['psi'], base), unit)}")
if not f.noise_floor_reliable:
    st.info(f"Some bin expects fewer than {MIN_EXPECTED_COUNT} values of the smaller sample, so the noise "
               "floor is only approximate (too low). Use fewer bins.", icon=":material/info:")

st.header("Why ε: one empty bin makes KL infinite")
empty = [bin_label for bin_label, ri, ci in zip(f.binning.labels, r, c) if (ri == 0) != (ci == 0)]
raw_cur_ref = kl_core.kl_divergence(c, r, base=base)
raw_ref_cur = kl_core.kl_divergence(r, c, base=base)
if smoothing > 0:
    cols = st.columns(4)
    for col, (title, value, reason) in zip(cols, (
            ("KL(cur‖ref), ε = 0", raw_cur_ref, "a bin holds current values but no reference values"),
            (f"KL(cur‖ref), ε = {smoothing:g}", in_unit["kl_qp"], None),
            ("KL(ref‖cur), ε = 0", raw_ref_cur, "a bin holds reference values but no current values"),
            (f"KL(ref‖cur), ε = {smoothing:g}", in_unit["kl_pq"], None))):
        with col:
            ui.divergence_metric(title, value, unit, reason=reason)
else:
    st.markdown("ε is 0, so the scores above are unsmoothed: pick an ε > 0 to see them become finite.")
if empty:
    st.markdown(f"In **{inert(name)}**, {', '.join(url.literal(e) for e in empty)} "
                f"{'is' if len(empty) == 1 else 'are'} empty in one sample only, so ln(c/r) or ln(r/c) is infinite "
                "there. Smoothing replaces each share v by (v + ε)/(1 + Bε): every bin gets a little mass and KL "
                "becomes finite — but its size now depends on ε, so state ε with the score.")
else:
    st.markdown(f"Every bin of **{inert(name)}** holds values in both samples, so ε changes KL only slightly here. "
                "Try the *plan* feature with a share in a new category, or the *tips* data (Saturday and Sunday "
                "never occur at lunch): their unseen bin is empty in the reference.")

with st.expander("How the noise floor of each score is computed"):
    st.markdown(
        "With no drift, the two histograms are two samples (N and M values) of one distribution over B bins. "
        "To second order every score is a function of S = Σ (r_i − c_i)² / p_i, and S ≈ (1/N + 1/M)·χ² with "
        "B − 1 degrees of freedom. Expected values, with s = 1/N + 1/M:\n"
        "- PSI ≈ (B − 1)·s nats; each KL direction half of it\n"
        "- JS ≈ (B − 1)·s / 8 nats = (B − 1)·s / (8 ln 2) bits\n"
        "- Hellinger ≈ √(s/8)·E[χ_{B−1}]\n"
        "- TV ≈ √(s/(2π))·Σ √(p_i(1 − p_i)), p from both samples pooled\n\n"
        "The 95% no-drift bound maps the χ² 95th percentile the same way. The approximation holds when every "
        f"bin expects at least {MIN_EXPECTED_COUNT} values of the smaller sample (checked against a seeded "
        "simulation in the tests).")
