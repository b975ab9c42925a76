"""The examples in kl_core's docstrings run and print what they claim."""

import doctest
import importlib
import pkgutil

import pytest

import kl_core

MODULES = sorted(m.name for m in pkgutil.iter_modules(kl_core.__path__, "kl_core."))


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
