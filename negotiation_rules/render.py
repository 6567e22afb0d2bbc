"""Text and Markdown renderings of an assessment and of the rule catalogue."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from .amounts import format_amount
from .assessment import Advice, Assessment
from .knowledge import RuleInfo
from .principles import PRINCIPLES

_SECTIONS = (("warning", "Warnings"), ("recommendation", "Recommendations"),
             ("preparation", "Preparation"), ("note", "Notes"))
_SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2, "info": 3}


def _grouped(assessment: Assessment) -> Iterator[tuple[str, list[Advice]]]:
    """Advice other than the headline, by section; warnings by severity."""
    for kind, title in _SECTIONS:
        items = [a for a in assessment.advice
                 if a.kind == kind and a.rule != assessment.headline.rule]
        items.sort(key=lambda a: _SEVERITY_ORDER[a.severity])  # stable: firing order in ties
        if items:
            yield title, items


def _metrics_line(assessment: Assessment) -> str:
    m, unit = assessment.metrics, assessment.unit

    def amount(value: float | None) -> str:
        return "n/a" if value is None else format_amount(value, unit)

    zopa = "n/a" if m.zopa is None else f"{amount(m.zopa[0])} to {amount(m.zopa[1])}"
    return (f"informed: {'yes' if m.informed else 'no'} | walk credible: "
            f"{'yes' if m.walk_credible else 'no'} | leverage: {m.leverage} | "
            f"gap: {amount(m.gap)} | ZOPA: {zopa}")


def _label(advice: Advice) -> str:
    return advice.risk or advice.tool or advice.kind


def render_text(assessment: Assessment, explain: bool = False) -> str:
    """The assessment for a terminal: headline first, then warnings, advice and the rules."""
    lines = []
    if assessment.title:
        lines += [assessment.title, ""]
    head = assessment.headline
    lines += [f"Reach for: {head.tool.upper()}  ({head.rule})", f"  {head.message}", ""]
    for title, items in _grouped(assessment):
        lines.append(f"{title}:")
        for a in items:
            tag = f"[{a.severity}] {a.risk} " if a.kind == "warning" else ""
            lines.append(f"  - {tag}({a.rule} {a.name}) {a.message}")
        lines.append("")
    lines.append(f"Position: {_metrics_line(assessment)}")
    lines.append("Rules fired: " + ", ".join(t.rule for t in assessment.trace))
    if explain:
        lines += ["", "Why, firing by firing:", *_explain(assessment, indent="  ")]
    return "\n".join(lines) + "\n"


def _explain(assessment: Assessment, indent: str) -> Iterator[str]:
    facts = {f.id: f for f in assessment.facts}
    for number, entry in enumerate(assessment.trace, 1):
        yield f"{indent}{number}. {entry.rule} {entry.name}"
        yield f"{indent}   when: " + "; ".join(entry.conditions)
        matched = ", ".join(f"f-{i} {facts[i].type}" for i in entry.facts)
        yield f"{indent}   matched: {matched}"
        yield f"{indent}   principle ({entry.principle}): {PRINCIPLES[entry.principle]}"


def render_markdown(assessment: Assessment, explain: bool = False) -> str:
    """The assessment as Markdown, for a chat or a document."""
    head = assessment.headline
    lines = [f"## {assessment.title or 'Assessment'}", "",
             f"**Reach for: `{head.tool}`** ({head.rule}) — {head.message}", ""]
    for title, items in _grouped(assessment):
        lines.append(f"### {title}")
        lines += [f"- **{_label(a)}** ({a.rule}): {a.message}" for a in items]
        lines.append("")
    lines += [f"*Position:* {_metrics_line(assessment)}", "",
              "*Rules fired:* " + ", ".join(f"`{t.rule}`" for t in assessment.trace)]
    if explain:
        lines += ["", "### Why", "", *_explain(assessment, indent="")]
    return "\n".join(lines) + "\n"


def rules_text(rules: Iterable[RuleInfo]) -> str:
    """The catalogue for a terminal, one rule per block."""
    lines = []
    for info in rules:
        gives = _gives(info, quote="")
        lines.append(f"{info.code}  {info.name}  [{gives}]  ({info.principle})")
        lines.append(f"      {info.description}")
    return "\n".join(lines) + "\n"


def rules_markdown(rules: Iterable[RuleInfo]) -> str:
    """The catalogue as a Markdown table (the README embeds it)."""
    lines = ["| code | name | gives | principle | what it does |",
             "|---|---|---|---|---|"]
    for info in rules:
        gives = _gives(info, quote="`")
        lines.append(f"| {info.code} | `{info.name}` | {gives} | `{info.principle}` | "
                     f"{info.description} |")
    return "\n".join(lines) + "\n"


def _gives(info: RuleInfo, quote: str) -> str:
    if info.headline:
        return f"headline {quote}{info.tool}{quote} (priority {info.priority})"
    if info.risk:
        return f"risk {quote}{info.risk}{quote} ({info.severity})"
    return info.kind + (f" {quote}{info.tool}{quote}" if info.tool else "")
