"""Tables for the drift page: CSV uploads, the offline datasets and the synthetic generator.

Everything ends as two pandas DataFrames (reference, current) that `prepare` turns into the
feature columns kl_core.drift compares: numeric columns as float arrays (NaN = missing) and
categorical ones as integer codes into their category texts (-1 = missing). Uploads are parsed
from the bytes in memory by pyarrow's CSV reader (text columns arrive as pyarrow-backed pandas
strings, without a Python object per cell); files it refuses or may misread (a row of the wrong
length, an odd number of quotes) go through pandas, whose messages the page shows. Nothing is
written to disk and nothing in a file is executed; safe_csv writes a table for download with
formula-like text cells defused.

Limits, so that any file under MAX_UPLOAD_MB is read and scored in seconds: column matching is
linear in the number of columns, at most MAX_COLUMNS shared columns are compared (the first ones
in the reference's order that can be compared; a note names the rest), at most MAX_NOTES column
notes are listed one by one, and a file with more than MAX_FILE_COLUMNS columns is refused with a
message before it is parsed (parsing that many columns alone would take seconds per file).
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.express as px
import pyarrow as pa
import pyarrow.csv as pa_csv
from pandas._libs.parsers import STR_NA_VALUES

from kl_core.binning import BinCounts, CategoricalBinning
from kl_app.units import base_of
from pages.drift.model import METRICS, FeatureDrift, Metric, feature_drift, too_small

MAX_UPLOAD_MB = 25
CSV_SUFFIXES = (".csv", ".txt", ".tsv")
DELIMITERS = (",", ";", "\t", "|")
FEW_INTEGER_VALUES = 10
MAX_CATEGORIES = 50
MAX_COLUMNS = 200
MAX_FILE_COLUMNS = 10_000
MAX_NOTES = 20
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Progress = Callable[[float, str], None]
"""progress(fraction in [0, 1], short text): called by read_csv and analyse as they go."""

_NULLS = sorted(STR_NA_VALUES)  # the texts pandas reads as missing, so both readers agree
_LEADING_BLANK_LINES = re.compile(rb"\A(?:[ \t]*\r?\n)+")
_SURROGATE_BASE = 0x4E00  # code points standing in for categories, in the categories' text order


class DataError(ValueError):
    """A problem with the data that the page reports in words instead of a traceback."""


@dataclass(frozen=True, eq=False)
class Feature:
    """One shared column ready for kl_core.drift.feature_drift.

    Numeric: ref_values and cur_values are floats (NaN = missing). Categorical: they are int
    codes into `categories` (texts, -1 = missing); `reference` and `current` give the texts.
    """

    name: str
    kind: str
    ref_values: np.ndarray
    cur_values: np.ndarray
    categories: tuple[str, ...] = ()

    @property
    def reference(self) -> np.ndarray:
        return self._decoded(self.ref_values)

    @property
    def current(self) -> np.ndarray:
        return self._decoded(self.cur_values)

    def _decoded(self, values: np.ndarray) -> np.ndarray:
        if self.kind == "numeric":
            return values
        return np.array([*self.categories, None], dtype=object)[values]  # code -1 picks None


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


def read_csv(name: str, data: bytes, *, progress: Progress | None = None) -> pd.DataFrame:
    """Parse one uploaded CSV from memory, or raise DataError saying what is wrong and what to do.

    The separator is the most frequent of DELIMITERS in the header. Numbers become int/float
    columns, text columns pandas strings, dates text; the texts pandas treats as missing ('', 'NA', ...)
    are missing. Duplicate or empty column names are renamed as pandas does ('a.1', 'Unnamed: 2').
    """
    _report(progress, 0.0, f"Reading {name}")
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
    del text
    delimiter = max(DELIMITERS, key=header.count) if any(d in header for d in DELIMITERS) else ","
    n_columns = header.count(delimiter) + 1  # at most: a quoted name may hold the delimiter
    if n_columns > MAX_FILE_COLUMNS:
        raise DataError(f"{name} has {n_columns:,} columns; files of at most {MAX_FILE_COLUMNS:,} columns are "
                        f"read, and at most {MAX_COLUMNS} shared columns are compared. Keep the columns you "
                        "want to compare and upload the file again.")
    body = _LEADING_BLANK_LINES.sub(b"", data.removeprefix(b"\xef\xbb\xbf"), count=1)
    frame = None
    if body.count(b'"') % 2 == 0:  # an odd count may be an unterminated quote, which pyarrow reads on
        try:
            frame = _arrow_frame(body, delimiter)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            frame = None  # a row of the wrong length or the like: pandas says which (or reads it)
    if frame is None:
        frame = _pandas_frame(name, body, delimiter)
    if frame.empty:
        raise DataError(f"{name} has a header but no data rows.")
    _report(progress, 1.0, f"Read {name}: {len(frame):,} rows, {len(frame.columns):,} columns")
    return frame


def prepare(reference: pd.DataFrame, current: pd.DataFrame) -> Prepared:
    """The shared columns of the two tables, each classified as numeric or categorical.

    Numeric: int/float in both files, except integer-valued columns with at most
    FEW_INTEGER_VALUES distinct values (codes, counts), which are categorical. Text and bool
    columns are categorical unless the reference has more than MAX_CATEGORIES distinct values
    (identifiers, free text: left out). A column that is entirely missing in either file, or
    numeric in one and text in the other, is left out with a note. Raises DataError when no
    column is left to compare.

    Columns are matched by name with sets (linear in the number of columns). Once MAX_COLUMNS
    columns are ready the remaining shared ones are not compared and a note names them: a user
    with thousands of columns sees the first MAX_COLUMNS scored in seconds and learns what to
    upload to see the others, rather than an error or a page busy for minutes.
    """
    ref_names, cur_names = list(reference.columns), list(current.columns)
    in_ref, in_cur = set(ref_names), set(cur_names)
    shared = [c for c in ref_names if c in in_cur]
    notes = []
    if len(ref_names) == 1 or len(cur_names) == 1:
        notes.append("A file has a single column. If its values hold ';' or tabs, the separator was not "
                     "recognised: save the file comma-separated.")
    if not shared:
        raise DataError("The two files share no column names. Reference: "
                        f"{_names(ref_names)}; current: {_names(cur_names)}. "
                        "Rename the columns so the features match.")
    only_ref = [c for c in ref_names if c not in in_cur]
    only_cur = [c for c in cur_names if c not in in_ref]
    if only_ref or only_cur:
        notes.append("Compared only the shared columns; left out "
                     + "; ".join(f"{_names(cols)} (only in the {where} file)"
                                 for cols, where in ((only_ref, "reference"), (only_cur, "current")) if cols)
                     + ".")
    features, column_notes = [], []
    for i, name in enumerate(shared):
        if len(features) == MAX_COLUMNS:
            rest = shared[i:]
            notes.append(f"The files share {len(shared):,} columns; compared the first {MAX_COLUMNS} that can be "
                         f"compared and left out the other {len(rest):,}: {_names(rest)}. To compare those, "
                         "upload files with only the columns you need.")
            break
        feature, note = _feature(str(name), reference[name], current[name])
        if feature is not None:
            features.append(feature)
        if note:
            column_notes.append(note)
    if not features:
        raise DataError("No shared column can be compared. " + " ".join(_capped(column_notes)))
    return Prepared(tuple(features), tuple(notes + _capped(column_notes)), len(reference), len(current))


@dataclass(frozen=True, eq=False)
class Analysis:
    """The drift of every comparable column of two tables (bin counts only, not the raw rows).

    too_small: None, or the sentence to show instead of a dataset verdict when a file has fewer
    than model.MIN_ROWS rows (every verdict then reads "too few rows" and none is drifted).
    """

    features: tuple[FeatureDrift, ...]
    notes: tuple[str, ...]
    n_reference: int
    n_current: int
    too_small: str | None = None


def analyse(reference: pd.DataFrame, current: pd.DataFrame, *, method: str, n_bins: int,
            smoothing: float, progress: Progress | None = None) -> Analysis:
    """prepare() the tables, then kl_core.drift.feature_drift of every comparable column.

    progress, if given, is called with the fraction done (0 to 1) and a short text.
    """
    _report(progress, 0.0, "Matching the columns")
    prepared = prepare(reference, current)
    features, notes = [], list(prepared.notes)
    for i, f in enumerate(prepared.features):
        _report(progress, 0.05 + 0.95 * i / len(prepared.features),
                f"Scoring '{f.name}' ({i + 1} of {len(prepared.features)})")
        try:
            features.append(_drift(f, method=method, n_bins=n_bins, smoothing=smoothing))
        except ValueError as err:
            notes.append(f"Column '{f.name}' left out: {err}")
    if not features:
        raise DataError("No shared column can be compared. " + " ".join(notes))
    _report(progress, 1.0, f"Scored {len(features)} features")
    return Analysis(tuple(features), tuple(notes), prepared.n_reference, prepared.n_current,
                    too_small(prepared.n_reference, prepared.n_current))


def safe_csv(frame: pd.DataFrame) -> bytes:
    """`frame` as UTF-8 CSV bytes for download, with every text cell (and column name) that a
    spreadsheet would run as a formula (starting with = + - @, a tab or a carriage return)
    prefixed with a single quote, as OWASP recommends against CSV injection. Numbers are kept."""
    out = frame.copy()
    out.columns = [_defused(c) if isinstance(c, str) else c for c in out.columns]
    for column in out.columns[[not pd.api.types.is_numeric_dtype(t) for t in out.dtypes]]:
        out[column] = out[column].map(_defused)
    # RFC 4180 line ends, so a cell holding a carriage return is quoted as well
    return out.to_csv(index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n").encode()


COUNT_COLUMNS = ("bins", "reference rows", "current rows", "missing in reference", "missing in current")


def results_table(features, metric: str, unit: str = "nats") -> pd.DataFrame:
    """One row per feature, highest `metric` first: verdict, score against its noise, every score.

    Column names carry the units (`unit` for the scores that are information); values are floats
    (inf where a score is infinite), so the frame is also the downloadable CSV.
    """
    base = base_of(unit)
    m = METRICS[metric]

    def titled(metric: Metric, title: str) -> str:
        return f"{title} ({metric.unit(unit)})" if metric.unit(unit) else title

    rows = []
    for f in sorted(features, key=lambda f: f.scores[metric], reverse=True):
        verdict = f.verdict(metric)
        rows.append({
            "feature": f.name,
            "type": f.kind,
            "verdict": verdict.status,
            titled(m, m.label): m.shown(verdict.score, base),
            titled(m, "no-drift floor"): m.shown(verdict.floor, base),
            titled(m, "95% no-drift bound"): m.shown(verdict.bound, base),
            **{titled(other, other.label): other.shown(f.scores[key], base) for key, other in METRICS.items()},
            **dict(zip(COUNT_COLUMNS, (f.binning.n_bins, f.reference.n, f.current.n, f.reference.missing,
                                       f.current.missing))),
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
        "plan": pd.Categorical.from_codes(rng.choice(probabilities.size, size=n, p=probabilities),
                                          categories=[*PLANS, NEW_PLAN]),
        "tenure": rng.uniform(0, 10, size=n),
    })


def _arrow_frame(body: bytes, delimiter: str) -> pd.DataFrame:
    """pyarrow's parse of the CSV bytes as a pandas frame."""
    table = pa_csv.read_csv(
        pa.BufferReader(body),
        # one thread, 4 MiB blocks: steady on a shared machine; quoted newlines need quotes
        read_options=pa_csv.ReadOptions(use_threads=False, block_size=1 << 22),
        parse_options=pa_csv.ParseOptions(delimiter=delimiter, newlines_in_values=b'"' in body),
        convert_options=pa_csv.ConvertOptions(null_values=_NULLS, strings_can_be_null=True,
                                              true_values=["True", "TRUE", "true"],
                                              false_values=["False", "FALSE", "false"]))
    columns = []
    for column in table.columns:
        kind = column.type
        if pa.types.is_null(kind):
            column = column.cast(pa.float64())
        elif pa.types.is_temporal(kind):  # dates stay text, as pandas reads them
            column = column.cast(pa.string())
        columns.append(column)
    table = pa.Table.from_arrays(columns, names=_unique_names(table.column_names))
    del columns  # so that self_destruct frees each arrow column once pandas holds it
    return table.to_pandas(split_blocks=True, self_destruct=True)


def _pandas_frame(name: str, body: bytes, delimiter: str) -> pd.DataFrame:
    try:
        return pd.read_csv(io.BytesIO(body), sep=delimiter, encoding="utf-8")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as err:
        reason = str(err).strip().splitlines()[-1]
        raise DataError(f"{name} could not be read as CSV: {reason}.") from None


def _unique_names(names) -> list[str]:
    """Column names as pandas gives them: '' -> 'Unnamed: i', a repeated 'a' -> 'a.1', 'a.2'."""
    seen, unique = set(names), []
    counts: dict[str, int] = {}
    for i, name in enumerate(names):
        name = name or f"Unnamed: {i}"
        if name in counts:
            while f"{name}.{counts[name]}" in seen:
                counts[name] += 1
            renamed = f"{name}.{counts[name]}"
            counts[name] += 1
            seen.add(renamed)
            name = renamed
        counts.setdefault(name, 1)
        unique.append(name)
    return unique


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
        coded = _integer_codes(r, c)
        if coded is not None:
            return Feature(name, "categorical", *coded), None
        return Feature(name, "numeric", r, c), None
    r_codes, r_texts = _codes(ref)
    distinct = len(set(r_texts[np.unique(r_codes[r_codes >= 0])]))
    if distinct > MAX_CATEGORIES:
        return None, (f"Column '{name}' has {distinct} distinct text values in the reference (more than "
                      f"{MAX_CATEGORIES}): an identifier or free text, not a category; left out.")
    c_codes, c_texts = _codes(cur)
    index: dict[str, int] = {}
    r_map = np.array([index.setdefault(t, len(index)) for t in r_texts] + [-1], dtype=np.int64)
    c_map = np.array([index.setdefault(t, len(index)) for t in c_texts] + [-1], dtype=np.int64)
    dtype = _code_dtype(len(index))
    return Feature(name, "categorical", r_map.astype(dtype)[r_codes], c_map.astype(dtype)[c_codes], tuple(index)), None


def _code_dtype(n_categories: int) -> type:
    """The smallest signed integer type for codes -1 .. n_categories - 1 (memory of big uploads)."""
    return next(t for t in (np.int8, np.int16, np.int32, np.int64) if n_categories <= np.iinfo(t).max)


def _codes(series: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(int codes, -1 = missing; the text of each code) of a text, bool or categorical column."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        codes, uniques = series.cat.codes.to_numpy(), series.cat.categories
    else:
        codes, uniques = pd.factorize(series)
    texts = np.array([str(u) for u in uniques] + [""], dtype=object)[:-1]  # 1-D object even when empty
    return codes, texts


def _integer_codes(r: np.ndarray, c: np.ndarray):
    """(ref codes, cur codes, category texts) when every finite value of both is an integer and
    there are at most FEW_INTEGER_VALUES of them, else None. Non-finite values are missing."""
    values = np.concatenate((r, c))
    finite = values[np.isfinite(values)]
    sample = finite[:4096]  # a measured column fails here, before the pass over every value
    if not np.all(sample == np.round(sample)) or pd.unique(sample).size > FEW_INTEGER_VALUES:
        return None
    if not np.all(finite == np.round(finite)):
        return None
    distinct = np.unique(pd.unique(finite))
    if distinct.size == 0 or distinct.size > FEW_INTEGER_VALUES:
        return None
    texts = tuple(str(int(v)) for v in distinct)
    span = distinct[-1] - distinct[0] if distinct.size else 0.0
    lookup = None
    if span <= 2**16:  # a table from value to code: one pass, no search
        lookup = np.full(int(span) + 1, -1, dtype=np.int64)
        lookup[(distinct - distinct[0]).astype(np.int64)] = np.arange(distinct.size)

    def codes(x):
        out = np.full(x.size, -1, dtype=np.int8)
        ok = np.isfinite(x)
        out[ok] = (lookup[(x[ok] - distinct[0]).astype(np.int64)] if lookup is not None
                   else np.searchsorted(distinct, x[ok]))
        return out

    return codes(r), codes(c), texts


def _drift(f: Feature, *, method: str, n_bins: int, smoothing: float) -> FeatureDrift:
    """feature_drift of one prepared column.

    A categorical column is passed to feature_drift as one short stand-in text per value
    (chr(_SURROGATE_BASE + rank of its category in text order), the same rank for every category
    the reference lacks): kl_core then sorts and counts one-character strings instead of the
    original texts, which gives the same counts and scores; the real categories and missing
    counts are put back into the result.
    """
    if f.kind == "numeric":
        return feature_drift(f.name, f.ref_values, f.cur_values, method=method, n_bins=n_bins,
                             smoothing=smoothing)
    r, c = f.ref_values[f.ref_values >= 0], f.cur_values[f.cur_values >= 0]
    present = np.flatnonzero(np.bincount(r, minlength=len(f.categories)))
    order = sorted(present.tolist(), key=f.categories.__getitem__)
    rank = np.full(len(f.categories), len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    stand_in = np.array([chr(_SURROGATE_BASE + k) for k in range(len(order) + 1)])
    drift = feature_drift(f.name, stand_in[rank[r]], stand_in[rank[c]], method=method, n_bins=n_bins,
                          smoothing=smoothing)
    binning = CategoricalBinning(tuple(f.categories[k] for k in order))
    return dataclasses.replace(
        drift, binning=binning,
        reference=BinCounts(binning.labels, drift.reference.counts, f.ref_values.size - r.size),
        current=BinCounts(binning.labels, drift.current.counts, f.cur_values.size - c.size))


def _is_number_column(series: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)


def _first_non_number(series: pd.Series) -> str:
    values = series.dropna()
    if isinstance(values.dtype, pd.CategoricalDtype):
        values = values.astype(object)
    bad = values[pd.to_numeric(values, errors="coerce").isna()]
    return str(bad.iloc[0]) if len(bad) else str(values.iloc[0])


def _capped(notes: list[str]) -> list[str]:
    """At most MAX_NOTES notes, then one that counts the rest."""
    if len(notes) <= MAX_NOTES:
        return notes
    return notes[:MAX_NOTES] + [f"... and {len(notes) - MAX_NOTES:,} more columns left out for the same kinds "
                                "of reasons."]


def _defused(value):
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def _report(progress: Progress | None, fraction: float, text: str) -> None:
    if progress is not None:
        progress(min(max(fraction, 0.0), 1.0), text)


def _names(columns) -> str:
    names = [str(c) for c in columns]
    shown = ", ".join(f"'{n}'" for n in names[:8])
    return shown + (f" and {len(names) - 8} more" if len(names) > 8 else "")
