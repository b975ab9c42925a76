"""KL Lab's colours and chart styling: the one place a colour or a font size is chosen.

Okabe-Ito colours, distinguishable with every common colour-vision deficiency.
P is always blue and Q always vermilion, on every page and in every chart.
"""

import json

import plotly.graph_objects as go
import plotly.io as pio

P_COLOR = "#0072B2"
Q_COLOR = "#D55E00"
M_COLOR = "#7F7F7F"
JS_COLOR = "#009E73"
HELLINGER_COLOR = "#CC79A7"
TV_COLOR = "#E69F00"
TEXT_COLOR = "#1A1A1A"
GRID_COLOR = "#DDDDDD"

# Colour and dash of each divergence's line, keyed like kl_app.measures (the registry key, with
# _pq / _qp for the two directions of an asymmetric divergence). A direction takes the colour of
# its first argument: d(P‖Q) is P's blue, d(Q‖P) Q's vermilion.
DIVERGENCE_LINES = {
    "kl_pq": (P_COLOR, "solid"),
    "kl_qp": (Q_COLOR, "dash"),
    "js": (JS_COLOR, "solid"),
    "hellinger": (HELLINGER_COLOR, "dot"),
    "tv": (TV_COLOR, "dashdot"),
}

FONT_SIZE = 18


def translucent(hex_color: str, alpha: float = 0.25) -> str:
    """An rgba() string of `hex_color` for shaded areas."""
    r, g, b = (int(hex_color[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r}, {g}, {b}, {alpha})"


def _template() -> go.layout.Template:
    """plotly_white cut to what KL Lab's charts use (cartesian scatter, bar, heatmap, contour), with
    KL Lab's type and grid.

    Built once: plotly validates a template each time a figure is given one by name (about 15 ms),
    and every chart's JSON carries its template (plotly_white's is 7 KB of 3-D, polar and map
    defaults a KL Lab chart never uses). Its colour scales go too (2 KB): each heatmap and contour
    here sets its own.
    """
    white = pio.templates["plotly_white"]
    layout = {key: white.layout[key] for key in ("colorway", "hovermode", "paper_bgcolor", "plot_bgcolor",
                                                  "coloraxis", "shapedefaults", "annotationdefaults", "title")}
    axis = dict(white.layout.xaxis.to_plotly_json(), gridcolor=GRID_COLOR, zerolinecolor=GRID_COLOR,
                title=dict(standoff=15, font=dict(size=FONT_SIZE)))
    data = {kind: [{k: v for k, v in trace.to_plotly_json().items() if k != "colorscale"} for trace in white.data[kind]]
            for kind in ("scatter", "bar", "heatmap", "contour")}
    return go.layout.Template(
        data=data,
        layout=dict(layout, font=dict(size=FONT_SIZE, color=TEXT_COLOR), xaxis=axis, yaxis=axis,
                    margin=dict(l=70, r=30, t=60, b=60), hoverlabel=dict(align="left", font_size=FONT_SIZE - 2),
                    legend=dict(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0,
                                font=dict(size=FONT_SIZE))))


TEMPLATE = _template()
TEMPLATE_JSON = json.loads(pio.to_json(go.Figure(layout=dict(template=TEMPLATE)), validate=False))["layout"]["template"]
TEMPLATE_FILE = "plotly-template.json"
"""TEMPLATE as a static file (static/, written by scripts/plotly_template.py), which the live panel's
charts fetch once instead of carrying it in every run."""


def style(fig: go.Figure, *, height: int = 420) -> go.Figure:
    """Apply KL Lab's chart style in place (large type, light grid, legend on top) and return fig."""
    return fig.update_layout(template=TEMPLATE, height=height)
