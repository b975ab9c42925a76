"""Limitations of KL divergence, made interactive."""

from kl_app import ui

ui.page_setup("Limitations of KL divergence")
