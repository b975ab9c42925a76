"""KL Lab's colours and chart styling: the one place a colour or a font size is chosen.

Okabe-Ito colours, distinguishable with every common colour-vision deficiency.
P is always blue and Q always vermilion, on every page and in every chart.
"""

import plotly.graph_objects as go

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


def style(fig: go.Figure, *, height: int = 420) -> go.Figure:
    """Apply KL Lab's chart style in place (large type, light grid, legend on top) and return fig."""
    fig.update_layout(
        template="plotly_white",
        height=height,
        font=dict(size=FONT_SIZE, color=TEXT_COLOR),
        margin=dict(l=70, r=30, t=60, b=60),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0, font=dict(size=FONT_SIZE)),
        hoverlabel=dict(font_size=FONT_SIZE - 2),
    )
    fig.update_xaxes(gridcolor=GRID_COLOR, zerolinecolor=GRID_COLOR, title_font=dict(size=FONT_SIZE))
    fig.update_yaxes(gridcolor=GRID_COLOR, zerolinecolor=GRID_COLOR, title_font=dict(size=FONT_SIZE))
    return fig
