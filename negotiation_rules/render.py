"""Text and Markdown renderings of assessments, explorations and the rule catalogue."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from .amounts import format_amount
from .assessment import Advice, Assessment
from .knowledge import RuleInfo
from .numberline import draw, number_line
from .principles import PRINCIPLES

if TYPE_CHECKING:  # only the --why-not, --set and replay paths need these modules
    from .explain import ConditionCheck, RuleCheck, WhyNot
    from .explore import Comparison, Step

_SECTIONS = (("warning", "Warnings"), ("recommendation", "Recommendations"),
             ("preparation", "Preparation"), ("note", "Notes"))
_SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2, "info": 3}


def advice_sections(assessment: Assessment) -> Iterator[tuple[str, list[Advice]]]:
    """Advice other than the headline, by section; warnings by severity."""
    for kind, title in _SECTIONS:
        items = [a for a in assessment.advice
                 if a.kind == kind and a.rule != assessment.headline.rule]
        items.sort(key=lambda a: _SEVERITY_ORDER[a.severity])  # stable: firing order in ties
        if items:
            yield title, items


def position_line(assessment: Assessment) -> str:
    """The derived metrics in one line: informed, walk credible, leverage, gap, ZOPA."""
    m, unit = assessment.metrics, assessment.unit

    def amount(value: float | None) -> str:
        return "n/a" if value is None else format_amount(value, unit)

    zopa = "n/a" if m.zopa is None else f"{amount(m.zopa[0])} to {amount(m.zopa[1])}"
    return (f"informed: {'yes' if m.informed else 'no'} | walk credible: "
            f"{'yes' if m.walk_credible else 'no'} | leverage: {m.leverage} | "
            f"gap: {amount(m.gap)} | ZOPA: {zopa}")


def _label(advice: Advice) -> str:
    return advice.risk or advice.tool or advice.kind


def render_text(assessment: Assessment, explain: bool = False,
                comparison: Comparison | None = None, why: Sequence[WhyNot] = (),
                width: int = 80, color: bool = False) -> str:
    """The assessment for a terminal: headline first, then warnings, advice, the number
    line and the rules."""
    lines = []
    if assessment.title:
        lines += [assessment.title, ""]
    head = assessment.headline
    lines += [f"Reach for: {head.tool.upper()}  ({head.rule})", f"  {head.message}", ""]
    lines += next_move_lines(assessment)
    for title, items in advice_sections(assessment):
        lines.append(f"{title}:")
        for a in items:
            tag = f"[{a.severity}] {a.risk} " if a.kind == "warning" else ""
            lines.append(f"  - {tag}({a.rule} {a.name}) {a.message}")
        lines.append("")
    if assessment.levers:
        lines.append("Levers (one change that would help):")
        lines += [f"  - {line}" for line in lever_lines(assessment)]
        lines.append("")
    line = number_line(assessment)
    if line is not None:
        lines += [*draw(line, width, color), ""]
    lines.append(f"Position: {position_line(assessment)}")
    lines.append("Rules fired: " + ", ".join(t.rule for t in assessment.trace
                                             if t.layer != "judge"))
    if comparison is not None:
        lines += ["", *_comparison_lines(comparison)]
    for answer in why:
        lines += ["", *_why_lines(answer, assessment.unit)]
    if explain:
        lines += ["", "Why, firing by firing:", *_explain(assessment, indent="  ")]
    return "\n".join(lines) + "\n"


def next_move_lines(assessment: Assessment) -> list[str]:
    """The next move in a few lines: the action and its numbers, then the trades."""
    move, unit = assessment.next_move, assessment.unit
    if move is None:
        return []

    def money(amount: float) -> str:
        return format_amount(amount, unit)

    said = {"offer": "offer", "hold": "hold at", "accept": "accept", "walk": "walk away",
            "prepare": "prepare your alternative", "wait": "wait for their number"}[move.action]
    head = f"Next move: {said}" + ("" if move.value is None else f" {money(move.value)}")
    if move.range is not None:
        head += f" (range {money(move.range[0])} to {money(move.range[1])})"
    lines = [head]
    if move.steps:
        lines.append("  then, if they move: " + ", ".join(money(s) for s in move.steps))
    if move.give:
        lines.append("  give: " + "; ".join(move.give))
    if move.ask_for:
        lines.append("  ask for: " + "; ".join(move.ask_for))
    for index, package in enumerate(move.packages):
        gives = f" + give {'; '.join(package.give)}" if package.give else " alone"
        lines.append(f"  package {chr(ord('a') + index)}: {money(package.value)}{gives}")
    return [*lines, ""]


def lever_lines(assessment: Assessment) -> Iterator[str]:
    """Each lever as "action -> headline; clears ...; adds ..."."""
    for lever in assessment.levers or ():
        effects = [] if lever.headline == assessment.headline.tool \
            else [f"headline {assessment.headline.tool} -> {lever.headline}"]
        if lever.cleared:
            effects.append("clears " + ", ".join(lever.cleared))
        if lever.added:
            effects.append("adds " + ", ".join(lever.added))
        yield f"{lever.action} -> {'; '.join(effects)}"


def _comparison_lines(comparison: Comparison) -> Iterator[str]:
    changes = ", ".join(f"{path} = {value!r}" for path, value in comparison.changes)
    before, after = comparison.before.headline.tool, comparison.after.headline.tool
    yield f"What if {changes}:"
    yield f"  headline: {before} -> {after}" if before != after else \
        f"  headline: {after} (unchanged)"
    yield "  risks added: " + (", ".join(comparison.risks_added) or "none")
    yield "  risks removed: " + (", ".join(comparison.risks_removed) or "none")


def _value(value: object, unit: str | None = None) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None:
        return "none"
    if isinstance(value, int | float):
        return format_amount(value, unit)
    return repr(value) if isinstance(value, str) else str(value)


def _check_line(check: ConditionCheck, unit: str | None) -> str:
    verdict = {True: "holds", False: "fails", None: "untested"}[check.holds]
    if check.holds is None:
        return f"{verdict}  {check.condition} (a custom test)"
    context = ", ".join(f"{k}: {_value(v, unit)}" for k, v in check.context.items())
    line = f"{verdict}  {check.meaning}: needs {_value(check.needed)}, is {_value(check.actual)}"
    return f"{line} ({context})" if context else line


def _shown(rule: RuleCheck) -> list[ConditionCheck]:
    """The checks worth showing: presence checks that held say nothing."""
    return [c for c in rule.checks if not (c.holds and c.condition.startswith("a "))]


def _why_lines(answer: WhyNot, unit: str | None) -> Iterator[str]:
    yield f"Why not {answer.target}?"
    head = answer.headline
    if answer.produced:
        fired = ", ".join(c.rule for c in answer.candidates if c.fired)
        yield (f"  It is the headline ({head.rule})." if answer.kind == "tool"
               else f"  It was raised, by {fired}: see the warnings.")
        return
    yield f"  The headline is {head.tool} ({head.rule})."
    if answer.preempting:
        yield "  Tried first, in priority order:"
        for rule in answer.preempting:
            failed = next((c for c in rule.checks if c.holds is False), None)
            why = "matched and fired" if rule.fired else \
                "matched, but an earlier rule fired first" if failed is None else \
                f"{failed.meaning}: needs {_value(failed.needed)}, is {_value(failed.actual)}"
            yield f"    {rule.rule} {rule.name} (priority {rule.priority}): {why}"
    yield f"  Rules that give {answer.target}:"
    for rule in answer.candidates:
        state = "fired" if rule.fired else \
            "matched, but a higher-priority headline came first" if rule.matched else \
            "did not match"
        priority = f" (priority {rule.priority})" if rule.priority is not None else ""
        yield f"    {rule.rule} {rule.name}{priority}: {state}"
        yield from (f"      {_check_line(c, unit)}" for c in _shown(rule))


def _explain(assessment: Assessment, indent: str) -> Iterator[str]:
    facts = {f.id: f for f in assessment.facts}
    for number, entry in enumerate(assessment.trace, 1):
        yield f"{indent}{number}. {entry.rule} {entry.name}"
        yield f"{indent}   when: " + "; ".join(entry.conditions)
        matched = ", ".join(f"f-{i} {facts[i].type}" for i in entry.facts)
        yield f"{indent}   matched: {matched}"
        yield f"{indent}   principle ({entry.principle}): {PRINCIPLES[entry.principle]}"


def render_markdown(assessment: Assessment, explain: bool = False,
                    comparison: Comparison | None = None, why: Sequence[WhyNot] = ()) -> str:
    """The assessment as Markdown, for a chat or a document."""
    head = assessment.headline
    lines = [f"## {assessment.title or 'Assessment'}", "",
             f"**Reach for: `{head.tool}`** ({head.rule}) — {head.message}", ""]
    for title, items in advice_sections(assessment):
        lines.append(f"### {title}")
        lines += [f"- **{_label(a)}** ({a.rule}): {a.message}" for a in items]
        lines.append("")
    if assessment.levers:
        lines += ["### Levers", "", *(f"- {line}" for line in lever_lines(assessment)), ""]
    lines += [f"*Position:* {position_line(assessment)}", "",
              "*Rules fired:* " + ", ".join(f"`{t.rule}`" for t in assessment.trace)]
    if comparison is not None:
        first, *rest = _comparison_lines(comparison)
        lines += ["", f"### {first}", "", *(f"- {line.strip()}" for line in rest)]
    for answer in why:
        first, *rest = _why_lines(answer, assessment.unit)
        lines += ["", f"### {first}", "", "```text", *rest, "```"]
    if explain:
        lines += ["", "### Why", "", *_explain(assessment, indent="")]
    return "\n".join(lines) + "\n"


def replay_text(steps: Sequence[Step], title: str | None = None) -> str:
    """A replay as a timeline: each step, the headline then, the risks it changed."""
    lines = [f"Replay: {title}", ""] if title else []
    width = max(len(step.label) for step in steps)
    for step in steps:
        lines.append(f"{step.label:<{width}}  {step.headline:<13} ({step.rule})")
        if step.added:
            lines.append(f"{'':<{width}}  + {', '.join(step.added)}")
        lines += [f"{'':<{width}}    {note}" for note in step.notes]
        if step.cleared:
            lines.append(f"{'':<{width}}  - {', '.join(step.cleared)}")
    return "\n".join(lines) + "\n"


def replay_markdown(steps: Sequence[Step], title: str | None = None) -> str:
    """A replay as a Markdown table."""
    lines = [f"## Replay: {title}", ""] if title else []
    lines += ["| step | headline | risks added | risks cleared |", "|---|---|---|---|"]
    for step in steps:
        added = ", ".join(f"`{r}`" for r in step.added) or "—"
        cleared = ", ".join(f"`{r}`" for r in step.cleared) or "—"
        lines.append(f"| {step.label} | `{step.headline}` ({step.rule}) | {added} | {cleared} |")
    return "\n".join(lines) + "\n"


def rules_text(rules: Iterable[RuleInfo]) -> str:
    """The catalogue for a terminal, one rule per block."""
    lines = []
    for info in rules:
        gives = _gives(info, quote="")
        lines.append(f"{info.code}  {info.name}  [{gives}]  ({info.principle})")
        lines.append(f"      {info.description}")
        if info.source:
            lines.append(f"      source: {info.source}")
    return "\n".join(lines) + "\n"


def rules_markdown(rules: Iterable[RuleInfo]) -> str:
    """The catalogue as a Markdown table (the README embeds it)."""
    lines = ["| code | name | gives | principle | what it does |",
             "|---|---|---|---|---|"]
    for info in rules:
        gives = _gives(info, quote="`")
        source = f" *({info.source})*" if info.source else ""
        lines.append(f"| {info.code} | `{info.name}` | {gives} | `{info.principle}` | "
                     f"{info.description}{source} |")
    return "\n".join(lines) + "\n"


def _gives(info: RuleInfo, quote: str) -> str:
    if info.headline:
        return f"headline {quote}{info.tool}{quote} (priority {info.priority})"
    if info.risk:
        return f"risk {quote}{info.risk}{quote} ({info.severity})"
    return info.kind + (f" {quote}{info.tool}{quote}" if info.tool else "")
