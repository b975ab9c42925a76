"""Limitations' URL parameters: the unit, the open tab and each tab's controls."""

from kl_app import triangle, url
from kl_app.units import UNIT

OUTCOMES = 12
SMOOTHINGS = ("0", "1e-6", "1e-4", "1e-2")
TABS = ("1 · Asymmetry", "2 · Zero support → ∞", "3 · Not a metric", "4 · Forward vs reverse", "5 · From samples")

SCHEMA = url.Schema([
    UNIT,
    url.Choice("tab", "Tab", TABS[0], TABS),
    url.Number("q_mu", "Q's mean μ", 1.0, -4.0, 4.0, 0.1),
    url.Number("q_sigma", "Q's standard deviation σ", 0.5, 0.2, 4.0, 0.1),
    url.Number("cut_low", "Q's lowest possible outcome", 1, 1, 6, 1),
    url.Number("cut_high", "Q's highest possible outcome", OUTCOMES, 7, OUTCOMES, 1),
    url.Choice("eps", "Smoothing ε (added to every outcome, then renormalised)", "0", SMOOTHINGS),
    triangle.SHIFT,
    url.Number("modes", "Distance between P's modes", 5.0, 0.0, 8.0, 0.5),
    url.Number("w1", "Weight of the left mode", 0.5, 0.1, 0.9, 0.05),
    url.Choice("est_eps", "Smoothing ε of the histograms", "1e-4", SMOOTHINGS),
    url.Number("bins", "Number of bins", 30, 5, 60, 1),
    url.question("guess", "Predict: Q has P's mean but half its width (σ = 0.5). Which direction is larger?",
                 "KL(P‖Q)", "KL(Q‖P)", "they are equal"),
])
