"""Transitional: `normal_kl` now lives in kl_core.kl; this name stays while lesson code imports it from here."""

from kl_core.kl import normal_kl

__all__ = ["normal_kl"]
