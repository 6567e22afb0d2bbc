"""Text and Markdown renderings of assessments, explorations and the rule catalogue.

Every string that comes from the user (a title, a unit, a note echoed in a message) is
made safe here: stripped of escape sequences for a terminal, escaped for Markdown.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypedDict

from .amounts import AMOUNT_FIELDS, format_amount, round_amounts
from .assessment import Advice, Assessment, VerdictRecord
from .knowledge import RuleInfo
from .numberline import draw, number_line
from .principles import PRINCIPLES
from .safe_text import markdown_escaped, printable

if TYPE_CHECKING:  # only the --why-not, --set and replay paths need these modules
    from .explain import ConditionCheck, RuleCheck, WhyNot
    from .explore import Comparison, Step

_SECTIONS = (("warning", "Warnings"), ("recommendation", "Recommendations"),
             ("preparation", "Preparation"), ("note", "Notes"))
_SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2, "info": 3}
Amount = Callable[..., str]
"""Formats a number as the answer writes it: ``amount(480000)`` -> ``"480,000 USD"``;
``amount(480000, unit=None)`` leaves the unit out."""


class Precision(TypedDict):
    """What every number of an answer is written with (see `format_amount`)."""

    increment: float | None
    scale: float | None


def precision(assessment: Assessment) -> Precision:
    """The ``increment`` and ``scale`` every number of the answer is written with."""
    position = assessment.fields_of("Position")
    return Precision(increment=position.get("increment"), scale=position.get("scale"))


def amount_format(assessment: Assessment) -> Amount:
    """`format_amount` bound to the answer's unit and precision."""
    return functools.partial(format_amount, unit=assessment.unit, **precision(assessment))


def answer_data(assessment: Assessment) -> dict[str, Any]:
    """``assessment.to_dict()`` with numbers as the text writes them (see `round_amounts`)."""
    rounded: dict[str, Any] = round_amounts(assessment.to_dict(), **precision(assessment))
    return rounded


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
    m, money = assessment.metrics, amount_format(assessment)

    def amount(value: float | None) -> str:
        return "n/a" if value is None else money(value)

    zopa = "n/a" if m.zopa is None else f"{amount(m.zopa[0])} to {amount(m.zopa[1])}"
    return (f"informed: {'yes' if m.informed else 'no'} | walk credible: "
            f"{'yes' if m.walk_credible else 'no'} | leverage: {m.leverage} | "
            f"gap: {amount(m.gap)} | ZOPA: {zopa}")


def _tag(advice: Advice) -> str:
    """A warning's severity, in front of its message."""
    return f"**[{advice.severity}]** " if advice.kind == "warning" else ""


def _wrapped(text: str, width: int, first: str, rest: str | None = None) -> list[str]:
    """``text`` on lines of at most ``width`` columns (a word longer than that stays
    whole), the first led by ``first`` and the others indented like it."""
    import textwrap

    indent = " " * len(first) if rest is None else rest
    return textwrap.wrap(text, width=max(width, len(first) + 20), initial_indent=first,
                         subsequent_indent=indent, break_long_words=False,
                         break_on_hyphens=False) or [first.rstrip()]


def _unbroken(items: Sequence[str], separator: str, width: int, first: str) -> list[str]:
    """Items joined by ``separator`` and wrapped between items, never inside one."""
    # textwrap never breaks at a no-break space: inside items, and before a separator
    glued = separator.replace(" ", "\u00a0", 1).join(item.replace(" ", "\u00a0")
                                                      for item in items)
    return [line.replace("\u00a0", " ") for line in _wrapped(glued, width, first, "  ")]


def _advice_lines(advice: Advice, width: int) -> list[str]:
    """One piece of advice, its rule code once at the end: ``[high] You plan ... (CO04)``."""
    lead = f"  [{advice.severity}] " if advice.kind == "warning" else "  - "
    return _wrapped(f"{printable(advice.message)} ({advice.rule})", width, lead)


def render_text(assessment: Assessment, explain: bool = False,
                comparison: Comparison | None = None, why: Sequence[WhyNot] = (),
                width: int = 80, color: bool = False) -> str:
    """The assessment for a terminal: the headline, the next move, the warnings by
    severity, then the rest; ``explain`` adds the notes (observations that ask nothing
    of you) and every firing with the values it matched."""
    lines = []
    if assessment.title:
        lines += [*_wrapped(printable(assessment.title), width, ""), ""]
    head = assessment.headline
    lines += [f"Reach for: {head.tool.upper()}  ({head.rule})",
              *_wrapped(printable(head.message), width, "  "), ""]
    lines += next_move_lines(assessment, width)
    for title, items in advice_sections(assessment):
        if title == "Notes" and not explain:  # observations, not things to do
            them = "them" if len(items) > 1 else "it"
            lines += [f"Notes: {len(items)} (--explain shows {them})", ""]
            continue
        lines.append(f"{title}:")
        for advice in items:
            lines += _advice_lines(advice, width)
        lines.append("")
    if assessment.levers:
        lines.append("Levers (one change that would help):")
        for line in lever_lines(assessment):
            lines += _wrapped(printable(line), width, "  - ")
        lines.append("")
    numbers = number_line(assessment)
    if numbers is not None:
        unit = numbers.unit and printable(numbers.unit)
        lines += [*draw(numbers._replace(unit=unit), width, color), ""]
    lines += _unbroken(printable(position_line(assessment)).split(" | "), " | ", width,
                       "Position: ")
    if comparison is not None:
        lines += ["", *_fit(_comparison_lines(comparison), width)]
    for answer in why:
        lines += ["", *_fit(_why_lines(answer, amount_format(assessment)), width)]
    if explain:
        lines += ["", "Why, firing by firing:", *_fit(_explain(assessment, "  "), width)]
    return "\n".join(lines) + "\n"


def _fit(lines: Iterable[str], width: int) -> Iterator[str]:
    """Lines made printable and wrapped, each continuation under its own text."""
    for line in lines:
        text = printable(line)
        indent = text[:len(text) - len(text.lstrip())]
        yield from _wrapped(text.lstrip(), width, indent, indent + "  ")


def next_move_lines(assessment: Assessment, width: int = 80) -> list[str]:
    """The next move in a few lines: the action and its numbers, then the trades."""
    lines = _next_move(assessment)
    return [*_fit(lines, width), ""] if lines else []


def _next_move(assessment: Assessment) -> list[str]:
    """``Next move: ...``, then its details each on a line indented by two spaces."""
    move = assessment.next_move
    if move is None:
        return []
    money = amount_format(assessment)
    said = {"offer": "offer", "hold": "hold at", "accept": "accept", "walk": "walk away",
            "prepare": "prepare your alternative", "wait": "wait for their number"}[move.action]
    if move.action == "hold" and move.value is None:
        said = "hold: make no offer yet"
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
    return lines


def lever_lines(assessment: Assessment) -> Iterator[str]:
    """Each lever as "action: headline before -> after; clears ...; adds ..." (risks in
    words; the headline only when the lever changes it)."""
    for lever in assessment.levers or ():
        effects = [] if lever.headline == assessment.headline.tool \
            else [f"headline {assessment.headline.tool} -> {lever.headline}"]
        if lever.cleared:
            effects.append("clears " + ", ".join(_words(r) for r in lever.cleared))
        if lever.added:
            effects.append("adds " + ", ".join(_words(r) for r in lever.added))
        yield f"{lever.action}: {'; '.join(effects)}"


def _words(code: str) -> str:
    """A risk or tool code as words: ``one_sided_concessions`` -> ``one sided concessions``."""
    return code.replace("_", " ")


def _comparison_lines(comparison: Comparison) -> Iterator[str]:
    changes = ", ".join(f"{path} = {value!r}" for path, value in comparison.changes)
    before, after = comparison.before.headline.tool, comparison.after.headline.tool
    yield f"What if {changes}:"
    yield f"  headline: {before} -> {after}" if before != after else \
        f"  headline: {after} (unchanged)"
    yield "  risks added: " + (", ".join(comparison.risks_added) or "none")
    yield "  risks removed: " + (", ".join(comparison.risks_removed) or "none")


def render_comparison(comparison: Comparison, width: int = 80) -> str:
    """A what-if result for a terminal: the changes, the headline before and after, and
    the risks added and removed."""
    return "\n".join(_fit(_comparison_lines(comparison), width)) + "\n"


def render_why_not(answer: WhyNot, unit: str | None = None, width: int = 80) -> str:
    """A why-not answer for a terminal: the rules that could have produced the tool or
    risk, and the condition each one failed, with the values it saw."""
    return "\n".join(_fit(_why_lines(answer, functools.partial(format_amount, unit=unit)),
                           width)) + "\n"


def _shown_value(value: object, amount: Amount | None = None) -> str:
    """A fact's value in words; numbers through ``amount`` when they are amounts."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None:
        return "none"
    if isinstance(value, int | float):
        return amount(value) if amount is not None else format_amount(value)
    if isinstance(value, list | tuple):
        return ", ".join(_shown_value(v, amount) for v in value) or "none"
    return str(value)


def _field_value(name: str, value: object, amount: Amount) -> str:
    """``name: value``, with the unit only on amounts (``unanswered: 2``, not ``2 USD``)."""
    bare = functools.partial(amount, unit=None)
    shown = _shown_value(value, amount if name in AMOUNT_FIELDS else bare)
    days = " days" if name.endswith("deadline") and isinstance(value, int | float) else ""
    return f"{name.replace('_', ' ')}: {shown}{days}"


def _check_line(check: ConditionCheck, amount: Amount) -> str:
    verdict = {True: "holds", False: "fails", None: "untested"}[check.holds]
    if check.holds is None:
        return f"{verdict}  {check.condition} (a custom test)"
    return f"{verdict}  {_check_text(check, amount)}"


def _check_text(check: ConditionCheck, amount: Amount) -> str:
    """``informed: needs yes, is no (range ...; needs ...)``."""
    context = ", ".join(str(v) if k == "because" else _field_value(k, v, amount)
                        for k, v in check.context.items())
    line = f"{_meaning(check)}: needs {_shown_value(check.needed)}, is {_shown_value(check.actual)}"
    return f"{line} ({context})" if context else line


def _meaning(check: ConditionCheck) -> str:
    """What a condition tests, in words: a verdict by its name (its judge's values and
    threshold follow in brackets), a measured field by its glossary meaning."""
    match = _CONDITION.fullmatch(check.condition)
    if match is not None and match["fact"] == "verdicts":
        return _words(match["field"])
    return check.meaning


def _shown(rule: RuleCheck) -> list[ConditionCheck]:
    """The checks worth showing: presence checks that held say nothing."""
    return [c for c in rule.checks if not (c.holds and c.condition.startswith("a "))]


def _why_lines(answer: WhyNot, amount: Amount) -> Iterator[str]:
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
                _check_text(failed, amount)
            yield f"    {rule.rule} {rule.name} (priority {rule.priority}): {why}"
    yield f"  Rules that give {answer.target}:"
    for rule in answer.candidates:
        state = "fired" if rule.fired else \
            "matched, but a higher-priority headline came first" if rule.matched else \
            "did not match"
        priority = f" (priority {rule.priority})" if rule.priority is not None else ""
        yield f"    {rule.rule} {rule.name}{priority}: {state}"
        yield from (f"      {_check_line(c, amount)}" for c in _shown(rule))


_CONDITION = re.compile(r"(?P<fact>\w+)\.(?P<field>\w+) (?P<test>.*)")
"""A literal or predicate test on a fact's field, as `Condition.__str__` writes it."""


def _condition_values(condition: str, facts: dict[str, dict[str, object]],
                      verdicts: dict[str, VerdictRecord], amount: Amount) -> str:
    """A condition of a firing with the values it matched: ``stalled: yes (neither offer
    changed for 1 round; needs 1)``, ``you have made an offer: yes (your latest: 480,000
    USD)``."""
    from .explain import MEANINGS  # the glossary: only --explain needs it

    if condition.startswith("test "):  # a predicate of the rule's own: it held, as it fired
        return f"its own test held: {condition.removeprefix('test ')}"
    match = _CONDITION.fullmatch(condition)
    if match is not None and match["fact"] == "verdicts" and match["field"] in verdicts:
        verdict = verdicts[match["field"]]
        return f"{_words(verdict.name)}: {_shown_value(verdict.holds)} ({verdict.because})"
    fact = match and next((f for t, f in facts.items() if t.lower() == match["fact"]), None)
    if match is None or fact is None:
        return condition
    key = f"{match['fact']}.{match['field']}".lower()
    meaning, related = next(((m, r) for k, (m, r) in MEANINGS.items() if k.lower() == key),
                            (None, ()))
    if meaning is None:
        return f"{condition} ({_field_value(match['field'], fact.get(match['field']), amount)})"
    context = ", ".join(_field_value(name, fact.get(name), amount) for name in related)
    line = f"{meaning}: {_shown_value(fact.get(match['field']), amount)}"
    return f"{line} ({context})" if context else line


def _explain(assessment: Assessment, indent: str) -> Iterator[str]:
    """Each firing: its rule, every condition with the values it matched (a verdict with
    the values and threshold its judge compared), its principle. The judge rules' own
    firings are those verdicts, so they are not listed again."""
    facts = {f.type: f.fields for f in assessment.facts}
    verdicts = {v.name: v for v in assessment.verdicts}
    amount = amount_format(assessment)
    entries = [entry for entry in assessment.trace if entry.layer != "judge"]
    for number, entry in enumerate(entries, 1):
        yield f"{indent}{number}. {entry.rule} {entry.name}"
        for condition in entry.conditions:
            if condition.startswith("a ") and condition.endswith(" fact"):
                continue  # a presence test that held says nothing
            yield f"{indent}   - {_condition_values(condition, facts, verdicts, amount)}"
        yield f"{indent}   principle ({entry.principle}): {PRINCIPLES[entry.principle]}"


def _fence(lines: Sequence[str]) -> str:
    """A code fence longer than any run of backticks inside it."""
    longest = max((len(run) for line in lines for run in re.findall("`+", line)), default=0)
    return "`" * max(3, longest + 1)


def render_markdown(assessment: Assessment, explain: bool = False,
                    comparison: Comparison | None = None, why: Sequence[WhyNot] = ()) -> str:
    """The assessment as Markdown, for a chat or a document; user text cannot add markup."""
    md = markdown_escaped
    head = assessment.headline
    lines = [f"## {md(assessment.title or 'Assessment')}", "",
             f"**Reach for: `{head.tool}`** ({head.rule}) — {md(head.message)}", ""]
    move = _next_move(assessment)
    if move:
        label, _, action = move[0].partition(": ")
        lines += [f"**{label}:** {md(action)}", *(f"- {md(line.strip())}" for line in move[1:]),
                  ""]
    for title, items in advice_sections(assessment):
        lines.append(f"### {title}")
        lines += [f"- {_tag(a)}{md(a.message)} ({a.rule})" for a in items]
        lines.append("")
    if assessment.levers:
        lines += ["### Levers", "", *(f"- {md(line)}" for line in lever_lines(assessment)), ""]
    lines += [f"*Position:* {md(position_line(assessment))}", "",
              "*Rules fired:* " + ", ".join(f"`{t.rule}`" for t in assessment.trace
                                            if t.layer != "judge")]
    if comparison is not None:
        first, *rest = _comparison_lines(comparison)
        lines += ["", f"### {md(first)}", "", *(f"- {md(line.strip())}" for line in rest)]
    for answer in why:
        first, *rest = (printable(line) for line in _why_lines(answer,
                                                                amount_format(assessment)))
        fence = _fence(rest)
        lines += ["", f"### {md(first)}", "", f"{fence}text", *rest, fence]
    if explain:
        lines += ["", "### Why", "", *(md(line) for line in _explain(assessment, indent=""))]
    return "\n".join(lines) + "\n"


def replay_text(steps: Sequence[Step], title: str | None = None, width: int = 80) -> str:
    """A replay as a timeline: each step, the headline then, the risks it changed (the
    notes wrapped to ``width``)."""
    lines = [f"Replay: {printable(title)}", ""] if title else []
    labels = [printable(step.label) for step in steps]
    column = max(len(label) for label in labels)
    for step, label in zip(steps, labels, strict=True):
        lines.append(f"{label:<{column}}  {step.headline:<13} ({step.rule})")
        if step.added:
            lines.append(f"{'':<{column}}  + {', '.join(step.added)}")
        for note in step.notes:
            lines += _wrapped(printable(note), width, " " * (column + 4) + "· ")
        if step.cleared:
            lines.append(f"{'':<{column}}  - {', '.join(step.cleared)}")
    return "\n".join(lines) + "\n"


def replay_markdown(steps: Sequence[Step], title: str | None = None) -> str:
    """A replay as a Markdown table."""
    lines = [f"## Replay: {markdown_escaped(title)}", ""] if title else []
    lines += ["| step | headline | risks added | risks cleared |", "|---|---|---|---|"]
    for step in steps:
        added = ", ".join(f"`{r}`" for r in step.added) or "—"
        cleared = ", ".join(f"`{r}`" for r in step.cleared) or "—"
        lines.append(f"| {markdown_escaped(step.label)} | `{step.headline}` ({step.rule}) | "
                     f"{added} | {cleared} |")
    return "\n".join(lines) + "\n"


_LAYER_TITLES = {"judge": "Judge: verdicts on the measured numbers",
                 "advise": "Advise: headline, warnings and advice on the verdicts",
                 "propose": "Propose: the next move", "guard": "Guard: the next move's limits"}


def _by_layer(rules: Iterable[RuleInfo]) -> Iterator[tuple[str, list[RuleInfo]]]:
    """The rules layer by layer, in the order the engine runs them (codes within)."""
    infos = list(rules)
    for layer, title in _LAYER_TITLES.items():
        members = [info for info in infos if info.layer == layer]
        if members:
            yield title, members


def rules_text(rules: Iterable[RuleInfo]) -> str:
    """The catalogue for a terminal, layer by layer, one rule per block."""
    lines: list[str] = []
    for title, members in _by_layer(rules):
        lines += [*([""] if lines else []), f"{title}:"]
        for info in members:
            gives = _gives(info, quote="")
            lines.append(f"{info.code}  {info.name}  [{gives}]  ({info.principle})")
            lines.append(f"      {info.description}")
            if info.source:
                lines.append(f"      source: {info.source}")
    return "\n".join(lines) + "\n"


def rules_markdown(rules: Iterable[RuleInfo]) -> str:
    """The catalogue as Markdown tables, one per layer (the README embeds it)."""
    lines: list[str] = []
    for title, members in _by_layer(rules):
        lines += [*([""] if lines else []), f"**{title}**", "",
                  "| code | name | gives | principle | what it does |", "|---|---|---|---|---|"]
        for info in members:
            gives = _gives(info, quote="`")
            source = f" *({info.source})*" if info.source else ""
            lines.append(f"| {info.code} | `{info.name}` | {gives} | `{info.principle}` | "
                         f"{info.description}{source} |")
    return "\n".join(lines) + "\n"


def _gives(info: RuleInfo, quote: str) -> str:
    if info.verdict:
        return f"verdict {quote}{info.verdict}{quote}"
    if info.layer == "guard":
        return "guard"
    if info.layer == "propose":
        return "next move" + (f" {quote}{info.tool}{quote}" if info.tool else "")
    if info.headline:
        return f"headline {quote}{info.tool}{quote} (priority {info.priority})"
    if info.risk:
        return f"risk {quote}{info.risk}{quote} ({info.severity})"
    return info.kind + (f" {quote}{info.tool}{quote}" if info.tool else "")
