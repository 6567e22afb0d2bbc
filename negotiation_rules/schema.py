"""JSON Schema (draft 2020-12) documents for the situation file and the JSON answer.

Both are generated from the attrs classes, so they cannot drift from the code.
"""

from __future__ import annotations

import inspect
import types
import typing
from typing import Any, Literal

import attrs

from .assessment import SCHEMA_VERSION, Assessment
from .explain import WhyNot
from .settings import LIMITS, Settings
from .situation import (
    MAX_AMOUNT,
    MIN_AMOUNT,
    OFFER_TYPES,
    PLAN_ALIASES,
    Amount,
    Move,
    Plan,
    Situation,
)
from .vocabulary import TOOLS

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _needs_value(field: str, values: list[str]) -> dict[str, Any]:
    return {"if": {"properties": {field: {"enum": values}}, "required": [field]},
            "then": {"required": ["value"], "properties": {"value": {"type": "number"}}}}


_CROSS_FIELD = {
    Move: _needs_value("type", sorted(OFFER_TYPES)),
    Plan: _needs_value("move", ["offer", *PLAN_ALIASES]),
}
"""What the model's validators require across fields, as schema conditions."""


class _Generator:
    """Walks attrs classes and their type hints, collecting one definition per class."""

    def __init__(self, exclude: dict[type, tuple[str, ...]], all_required: bool) -> None:
        self.exclude = exclude
        self.all_required = all_required
        self.defs: dict[str, Any] = {}

    def of(self, hint: Any) -> dict[str, Any]:
        origin, args = typing.get_origin(hint), typing.get_args(hint)
        if hint is Amount:
            return {"type": "number", "maximum": MAX_AMOUNT,
                    "anyOf": [{"const": 0}, {"minimum": MIN_AMOUNT}]}
        if hint is str:
            return {"type": "string"}
        if hint is bool:
            return {"type": "boolean"}
        if hint is int:
            return {"type": "integer", "minimum": 0, "maximum": MAX_AMOUNT}
        if hint is float:
            return {"type": "number"}
        if hint is object:
            return {}
        if origin is Literal:
            return {"enum": list(args)}
        if origin in (typing.Union, types.UnionType):
            return {"anyOf": [self.of(arg) for arg in args]}
        if hint is type(None):
            return {"type": "null"}
        if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
            return {"type": "array", "items": self.of(args[0])}
        if origin is tuple:
            return {"type": "array", "prefixItems": [self.of(a) for a in args],
                    "minItems": len(args), "maxItems": len(args)}
        if origin is dict:
            return {"type": "object", "additionalProperties": self.of(args[1])}
        if attrs.has(hint):
            return self.define(hint)
        raise TypeError(f"no JSON Schema for {hint!r}")  # a new field type needs a mapping

    def define(self, cls: type) -> dict[str, Any]:
        name = cls.__name__
        if name not in self.defs:
            self.defs[name] = {}  # reserve: classes may refer to themselves
            hints = typing.get_type_hints(cls)
            skip = self.exclude.get(cls, ())
            fields = [f for f in attrs.fields(cls) if f.init and f.name not in skip]
            self.defs[name] = {
                "type": "object",
                "description": (inspect.getdoc(cls) or "").split("\n")[0],
                "properties": {f.alias: {**self.of(hints[f.name]), **f.metadata}
                               for f in fields},
                "required": [f.alias for f in fields
                             if self.all_required or f.default is attrs.NOTHING],
                "additionalProperties": False,
                **_CROSS_FIELD.get(cls, {}),
            }
        return {"$ref": f"#/$defs/{name}"}

    def document(self, root: type, title: str, extra: dict[str, Any],
                 optional: dict[str, Any]) -> dict[str, Any]:
        self.define(root)
        top = self.defs.pop(root.__name__)
        top["properties"] = {**extra, **top["properties"], **optional}
        top["required"] = [*extra, *top["required"]]
        return {"$schema": DIALECT, "title": title, **top, "$defs": dict(sorted(self.defs.items()))}


def situation_schema() -> dict[str, Any]:
    """The schema of a situation file (as parsed TOML) or dict."""
    generator = _Generator({Settings: LIMITS}, all_required=False)
    return generator.document(Situation, "negotiation_rules situation", {}, {})


def assessment_schema() -> dict[str, Any]:
    """The schema of `Assessment.to_dict()`, the answer's JSON."""
    risks = {"type": "array", "items": {"type": "string"}}
    extra = {
        "schema_version": {"const": SCHEMA_VERSION},
        "risks": risks,
        "principles": {"type": "object", "additionalProperties": {"type": "string"}},
    }
    generator = _Generator({}, all_required=True)  # every key is always present
    optional = {  # present when `nrules assess` is given --set or --why-not
        "what_if": {
            "type": "object",
            "properties": {
                "changes": {"type": "array", "items": {
                    "type": "object", "properties": {"path": {"type": "string"}, "value": {}},
                    "required": ["path", "value"], "additionalProperties": False}},
                "headline": {"type": "object",
                             "properties": {"before": {"enum": list(TOOLS)},
                                            "after": {"enum": list(TOOLS)}},
                             "required": ["before", "after"], "additionalProperties": False},
                "risks_added": risks,
                "risks_removed": risks,
            },
            "required": ["changes", "headline", "risks_added", "risks_removed"],
            "additionalProperties": False,
        },
        "why_not": {"type": "array", "items": generator.define(WhyNot)},
    }
    return generator.document(Assessment, "negotiation_rules assessment", extra, optional)
