"""Making experta rules: its `Rule`, wrapped around a function without reading the
function's signature."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

from experta import Rule


def make_rule(patterns: tuple[object, ...], salience: float,
              function: Callable[..., None]) -> Any:
    """``Rule(*patterns, salience=salience)(function)``, as experta makes it.

    experta reads ``inspect.signature`` to learn which variables the function takes; a
    plain function's code says the same at a fraction of the cost (a hundred rules are
    made at every start-up). Anything else goes through experta's own wrapping.
    """
    rule = Rule(*patterns, salience=salience)
    code = getattr(function, "__code__", None)
    if code is None or hasattr(function, "__wrapped__") or hasattr(function, "__signature__"):
        return rule(function)
    rule._wrapped = function
    if not code.co_flags & inspect.CO_VARKEYWORDS:
        rule._wrapped_args = set(code.co_varnames[:code.co_argcount + code.co_kwonlyargcount])
    return functools.update_wrapper(rule, function)
