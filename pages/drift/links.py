"""Drift's URL parameters: the data source, the synthetic data's drift, the method, the unit and the feature up close.

The file uploaders are not URL parameters: a link cannot carry two files.
"""

from kl_app import url
from kl_app.units import UNIT
from pages.drift.model import BIN_METHODS, DEFAULT_SHARE, VERDICT_METRICS

SOURCES = ("synthetic", "gapminder", "tips", "upload")
SMOOTHINGS = ("0", "1e-6", "1e-5", "1e-4", "1e-3", "1e-2")
FEATURE_NAME_LENGTH = 200

SCHEMA = url.Schema([
    url.Choice("src", "Data", "synthetic", SOURCES,
               help="synthetic: generated here with drift you control; gapminder and tips: real data "
                    "shipped with plotly (offline); upload: your own two CSV files."),
    url.Number("n_ref", "Reference rows N", 5000, 50, 1_000_000, 500),
    url.Number("n_cur", "Current rows M", 2000, 50, 1_000_000, 500),
    url.Number("age_shift", "age: shift (in reference sd)", 0.5, -3.0, 3.0, 0.1),
    url.Number("age_scale", "age: scale (× sd)", 1.0, 0.25, 4.0, 0.05),
    url.Number("income_shift", "income: shift of log income (in sd)", 0.0, -3.0, 3.0, 0.1),
    url.Number("income_scale", "income: scale of log income (× sd)", 1.0, 0.25, 4.0, 0.05),
    url.Number("plan_mix", "plan: mix moved toward 20/30/50%", 0.3, 0.0, 1.0, 0.05,
               help="basic/plus/pro are 50/30/20% in the reference."),
    url.Number("new_plan", "plan: share in a new category", 0.05, 0.0, 0.5, 0.01,
               help="'enterprise', a category the reference never had: it lands in the unseen bin."),
    url.Number("seed", "Seed", 1, 0, 99_999, 1),
    url.Choice("bins", "Bins for numeric features", "quantile", BIN_METHODS,
               help="quantile: equal shares of the reference per bin; equal width: equal steps between "
                    "the reference's min and max. The outer bins are open-ended."),
    url.Number("n_bins", "Number of bins B", 10, 2, 50, 1,
               help="Tied edges are merged; categorical features get one bin per category + unseen."),
    url.Choice("eps", "Smoothing ε", "1e-4", SMOOTHINGS,
               help="Each histogram becomes (v + ε)/(1 + Bε) before KL and PSI, so an empty "
                    "bin does not make them infinite. 0 switches it off."),
    url.Choice("metric", "Judge by", "psi", VERDICT_METRICS,
               help="psi: population stability index; js: Jensen-Shannon; hellinger: Hellinger distance."),
    UNIT,
    url.Number("share", "Dataset drift when this share of features drifted", DEFAULT_SHARE, 0.1, 1.0, 0.05),
    # The features depend on the data: the schema checks the name's form, the page checks it is a
    # feature of the data once the data is read.
    url.Text("feature", "Feature", "the highest-scoring feature", max_length=FEATURE_NAME_LENGTH),
    url.question("guess", "Predict: tenure never drifts in the synthetic data. Its score will be…",
                 "exactly 0", "a little above 0", "past the drift threshold"),
])
