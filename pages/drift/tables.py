"""Tables for the drift page: CSV uploads, the offline datasets and the synthetic generator.

Everything ends as two pandas DataFrames (reference, current) that `prepare` turns into the
feature columns kl_core.drift compares: numeric columns as float arrays (NaN = missing) and
categorical ones as object arrays of text (None = missing). Uploads are parsed from the bytes
in memory; nothing is written to disk and nothing in a file is executed.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.express as px

from pages.drift.model import METRICS, FeatureDrift, feature_drift

MAX_UPLOAD_MB = 25
CSV_SUFFIXES = (".csv", ".txt", ".tsv")
DELIMITERS = (",", ";", "\t", "|")
FEW_INTEGER_VALUES = 10
MAX_CATEGORIES = 50


class DataError(ValueError):
    """A problem with the data that the page reports in words instead of a traceback."""


@dataclass(frozen=True, eq=False)
class Feature:
    """One shared column ready for kl_core.drift.feature_drift."""

    name: str
    kind: str
    reference: np.ndarray
    current: np.ndarray


@dataclass(frozen=True, eq=False)
class Prepared:
    """The comparable columns of two tables and notes on every column left out or adjusted."""

    features: tuple[Feature, ...]
    notes: tuple[str, ...]
    n_reference: int
    n_current: int


@dataclass(frozen=True, eq=False)
class Dataset:
    """A real reference/current pair with the split that defines it and where it comes from."""

    key: str
    title: str
    reference: pd.DataFrame
    current: pd.DataFrame
    split: str
    credit: str


def read_csv(name: str, data: bytes) -> pd.DataFrame:
    """Parse one uploaded CSV from memory, or raise DataError saying what is wrong and what to do."""
    if len(data) == 0:
        raise DataError(f"{name} is empty (0 bytes). Upload a CSV file with a header row and data rows.")
    if len(data) > MAX_UPLOAD_MB * 1024 * 1024:
        raise DataError(f"{name} is {len(data) / 2**20:.0f} MB; the limit is {MAX_UPLOAD_MB} MB per file. "
                        "Upload a sample of the rows.")
    if not name.lower().endswith(CSV_SUFFIXES):
        raise DataError(f"{name} is not a CSV file; upload comma-separated text ending in .csv.")
    if b"\x00" in data[:65536]:
        raise DataError(f"{name} is not a CSV file: it contains binary data (a spreadsheet or an image?). "
                        "Export it as CSV (UTF-8) first.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise DataError(f"{name} is not UTF-8 text (byte 0x{data[err.start]:02X} at position {err.start}). "
                        "Save it as 'CSV UTF-8' and upload it again.") from None
    if not text.strip():
        raise DataError(f"{name} holds only blank lines. Upload a CSV file with a header row and data rows.")
    header = text.lstrip().split("\n", 1)[0]
    delimiter = max(DELIMITERS, key=header.count) if any(d in header for d in DELIMITERS) else ","
    try:
        frame = pd.read_csv(io.StringIO(text), sep=delimiter)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as err:
        reason = str(err).strip().splitlines()[-1]
        raise DataError(f"{name} could not be read as CSV: {reason}.") from None
    if frame.empty:
        raise DataError(f"{name} has a header but no data rows.")
    return frame


def prepare(reference: pd.DataFrame, current: pd.DataFrame) -> Prepared:
    """The shared columns of the two tables, each classified as numeric or categorical.

    Numeric: int/float in both files, except integer-valued columns with at most
    FEW_INTEGER_VALUES distinct values (codes, counts), which are categorical. Text and bool
    columns are categorical unless the reference has more than MAX_CATEGORIES distinct values
    (identifiers, free text: left out). A column that is entirely missing in either file, or
    numeric in one and text in the other, is left out with a note. Raises DataError when no
    column is left to compare.
    """
    shared = [c for c in reference.columns if c in set(current.columns)]
    notes = []
    if len(reference.columns) == 1 or len(current.columns) == 1:
        notes.append("A file has a single column. If its values hold ';' or tabs, the separator was not "
                     "recognised: save the file comma-separated.")
    if not shared:
        raise DataError("The two files share no column names. Reference: "
                        f"{_names(reference.columns)}; current: {_names(current.columns)}. "
                        "Rename the columns so the features match.")
    only_ref = [c for c in reference.columns if c not in shared]
    only_cur = [c for c in current.columns if c not in set(reference.columns)]
    if only_ref or only_cur:
        notes.append("Compared only the shared columns; left out "
                     + "; ".join(f"{_names(cols)} (only in the {where} file)"
                                 for cols, where in ((only_ref, "reference"), (only_cur, "current")) if cols)
                     + ".")
    features, column_notes = [], []
    for name in shared:
        feature, note = _feature(str(name), reference[name], current[name])
        if feature is not None:
            features.append(feature)
        if note:
            column_notes.append(note)
    if not features:
        raise DataError("No shared column can be compared. " + " ".join(column_notes))
    return Prepared(tuple(features), tuple(notes + column_notes), len(reference), len(current))


@dataclass(frozen=True, eq=False)
class Analysis:
    """The drift of every comparable column of two tables (bin counts only, not the raw rows)."""

    features: tuple[FeatureDrift, ...]
    notes: tuple[str, ...]
    n_reference: int
    n_current: int


def analyse(reference: pd.DataFrame, current: pd.DataFrame, *, method: str, n_bins: int,
            smoothing: float) -> Analysis:
    """prepare() the tables, then kl_core.drift.feature_drift of every comparable column."""
    prepared = prepare(reference, current)
    features, notes = [], list(prepared.notes)
    for f in prepared.features:
        try:
            features.append(feature_drift(f.name, f.reference, f.current, method=method, n_bins=n_bins,
                                          smoothing=smoothing))
        except ValueError as err:
            notes.append(f"Column '{f.name}' left out: {err}")
    if not features:
        raise DataError("No shared column can be compared. " + " ".join(notes))
    return Analysis(tuple(features), tuple(notes), prepared.n_reference, prepared.n_current)


def results_table(features, metric: str) -> pd.DataFrame:
    """One row per feature, highest `metric` first: verdict, score against its noise, every score.

    Column names carry the units; values are floats (inf where a score is infinite), so the
    frame is also the downloadable CSV.
    """
    m = METRICS[metric]
    unit = f" ({m.unit})" if m.unit else ""
    rows = []
    for f in sorted(features, key=lambda f: f.scores[metric], reverse=True):
        verdict = f.verdict(metric)
        rows.append({
            "feature": f.name,
            "type": f.kind,
            "verdict": verdict.status,
            f"{m.label}{unit}": verdict.score,
            f"no-drift floor{unit}": verdict.floor,
            f"95% no-drift bound{unit}": verdict.bound,
            **{f"{other.label}" + (f" ({other.unit})" if other.unit else ""): f.scores[key]
               for key, other in METRICS.items()},
            "bins": f.binning.n_bins,
            "reference rows": f.reference.n,
            "current rows": f.current.n,
            "missing in reference": f.reference.missing,
            "missing in current": f.current.missing,
        })
    return pd.DataFrame(rows)


def gapminder() -> Dataset:
    """Gapminder country indicators: reference years 1952-1977, current 1982-2007."""
    frame = px.data.gapminder()
    columns = ["lifeExp", "gdpPercap", "pop", "continent"]
    return Dataset(
        key="gapminder",
        title="Gapminder: life expectancy, income and population of 142 countries",
        reference=frame.loc[frame["year"] <= 1977, columns].reset_index(drop=True),
        current=frame.loc[frame["year"] >= 1982, columns].reset_index(drop=True),
        split="reference = the six surveys 1952-1977 (852 rows), current = 1982-2007 (852 rows)",
        credit="Data: Gapminder Foundation (gapminder.org), CC-BY, as shipped in plotly.express.data.gapminder().",
    )


def tips() -> Dataset:
    """Restaurant tips: reference lunch bills, current dinner bills."""
    frame = px.data.tips()
    columns = ["total_bill", "tip", "size", "day", "sex", "smoker"]
    return Dataset(
        key="tips",
        title="Tips: 244 restaurant bills, lunch against dinner",
        reference=frame.loc[frame["time"] == "Lunch", columns].reset_index(drop=True),
        current=frame.loc[frame["time"] == "Dinner", columns].reset_index(drop=True),
        split="reference = lunch bills (68 rows), current = dinner bills (176 rows)",
        credit="Data: Bryant & Smith (1995), Practical Data Analysis: Case Studies in Business Statistics, "
               "as shipped in plotly.express.data.tips().",
    )


DATASETS = {"gapminder": gapminder, "tips": tips}


@dataclass(frozen=True)
class SyntheticDrift:
    """Drift of each synthetic feature in the current sample (zeros and ones: no drift).

    age ~ Normal(40, 10): shift in reference standard deviations, scale multiplies the sd.
    income ~ LogNormal(10.5, 0.5) (right-skewed): the same shift and scale on log income.
    plan: categories basic/plus/pro at 50/30/20%; plan_mix moves the current mix linearly to
    20/30/50% at 1; new_plan is the share of current rows in a category the reference never had.
    tenure ~ Uniform(0, 10) years never drifts: it shows the no-drift noise floor.
    """

    age_shift: float = 0.0
    age_scale: float = 1.0
    income_shift: float = 0.0
    income_scale: float = 1.0
    plan_mix: float = 0.0
    new_plan: float = 0.0


PLANS = ("basic", "plus", "pro")
NEW_PLAN = "enterprise"


def synthetic(n_reference: int, n_current: int, seed: int, drift: SyntheticDrift) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Seeded reference and current tables with the features of SyntheticDrift."""
    rng = np.random.default_rng(seed)
    reference = _synthetic_table(rng, n_reference, SyntheticDrift())
    current = _synthetic_table(rng, n_current, drift)
    return reference, current


def _synthetic_table(rng: np.random.Generator, n: int, drift: SyntheticDrift) -> pd.DataFrame:
    mix = (1 - drift.plan_mix) * np.array([0.5, 0.3, 0.2]) + drift.plan_mix * np.array([0.2, 0.3, 0.5])
    probabilities = np.append((1 - drift.new_plan) * mix, drift.new_plan)
    return pd.DataFrame({
        "age": rng.normal(40 + 10 * drift.age_shift, 10 * drift.age_scale, size=n),
        "income": np.exp(rng.normal(10.5 + 0.5 * drift.income_shift, 0.5 * drift.income_scale, size=n)),
        "plan": rng.choice(np.array([*PLANS, NEW_PLAN], dtype=object), size=n, p=probabilities),
        "tenure": rng.uniform(0, 10, size=n),
    })


def _feature(name: str, ref: pd.Series, cur: pd.Series) -> tuple[Feature | None, str | None]:
    for series, where in ((ref, "reference"), (cur, "current")):
        if series.isna().all():
            return None, f"Column '{name}' is entirely missing in the {where} file; left out."
    ref_numeric, cur_numeric = _is_number_column(ref), _is_number_column(cur)
    if ref_numeric != cur_numeric:
        text, where = (cur, "current") if ref_numeric else (ref, "reference")
        other = "reference" if where == "current" else "current"
        return None, (f"Column '{name}' is numeric in the {other} file but text in the {where} file "
                      f"(e.g. {_first_non_number(text)!r}); left out. Fix the value so both hold numbers.")
    if ref_numeric:
        r = ref.to_numpy(dtype=float, na_value=np.nan)
        c = cur.to_numpy(dtype=float, na_value=np.nan)
        values = np.concatenate((r, c))
        values = values[np.isfinite(values)]
        if np.all(values == np.round(values)) and np.unique(values).size <= FEW_INTEGER_VALUES:
            return Feature(name, "categorical", _integer_labels(r), _integer_labels(c)), None
        return Feature(name, "numeric", r, c), None
    r = ref.to_numpy(dtype=object, na_value=None)
    c = cur.to_numpy(dtype=object, na_value=None)
    distinct = ref.dropna().astype(str).nunique()
    if distinct > MAX_CATEGORIES:
        return None, (f"Column '{name}' has {distinct} distinct text values in the reference (more than "
                      f"{MAX_CATEGORIES}): an identifier or free text, not a category; left out.")
    return Feature(name, "categorical", r, c), None


def _is_number_column(series: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)


def _first_non_number(series: pd.Series) -> str:
    values = series.dropna()
    bad = values[pd.to_numeric(values, errors="coerce").isna()]
    return str(bad.iloc[0]) if len(bad) else str(values.iloc[0])


def _integer_labels(values: np.ndarray) -> np.ndarray:
    """Integer codes as text categories ("3"), missing as None."""
    finite = np.isfinite(values)
    labels = np.full(values.size, None, dtype=object)
    labels[finite] = values[finite].astype(np.int64).astype(str)
    return labels


def _names(columns) -> str:
    names = [str(c) for c in columns]
    shown = ", ".join(f"'{n}'" for n in names[:8])
    return shown + (f" and {len(names) - 8} more" if len(names) > 8 else "")
