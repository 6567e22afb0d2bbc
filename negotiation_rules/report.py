"""A self-contained HTML report: the answer, the number line and the offer history as charts.

Charts are drawn with matplotlib (the ``report`` extra) as inline SVG: the page
fetches nothing.
"""

from __future__ import annotations

import html
import io
from typing import Any

from .amounts import format_amount
from .assessment import Assessment
from .errors import NegotiationRulesError
from .numberline import NumberLine, number_line
from .principles import PRINCIPLES
from .render import advice_sections, lever_lines, position_line
from .situation import Situation

_COLORS = {"you": "#1b7f3b", "them": "#c0392b", "market": "#2e86c1", "zopa": "#f1c40f"}


class MissingExtra(NegotiationRulesError):
    """An optional dependency is not installed."""


_SETTINGS = {
    "svg.hashsalt": "negotiation_rules",  # stable element ids
    "svg.fonttype": "none",  # text stays text
    # Units and labels are the user's text: "$$" or "a_b" is not mathtext or TeX to parse.
    "text.parse_math": False,
    "text.usetex": False,
}
"""matplotlib settings while the charts are drawn (the caller's own are restored after)."""


def _matplotlib() -> Any:
    try:
        import matplotlib
        from matplotlib.figure import Figure
    except ImportError as exc:
        raise MissingExtra("the HTML report draws its charts with matplotlib: "
                           "pip install 'negotiation-rules[report]'") from exc
    return Figure, matplotlib.rc_context


def _charts(situation: Situation, assessment: Assessment) -> tuple[str | None, str | None]:
    """The number line and the offer history as SVG, each None when there is nothing to draw."""
    figure_class, settings = _matplotlib()
    with settings(_SETTINGS):
        line = number_line(assessment)
        numbers = None if line is None else _number_line_chart(line, figure_class)
        history = (_history_chart(situation, assessment, figure_class)
                   if any(move.is_offer for move in situation.moves) else None)
    return numbers, history


def _thousands() -> Any:
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda value, _: format_amount(value))


def _svg(figure: Any) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    text = buffer.getvalue()
    return text[text.index("<svg"):]


def _number_line_chart(line: NumberLine, figure_class: Any) -> str:
    figure = figure_class(figsize=(8, 2.2))
    axes = figure.subplots()
    if line.market is not None:
        axes.axvspan(*line.market, ymin=0.35, ymax=0.65, color=_COLORS["market"], alpha=0.25,
                     label="market range")
    if line.zopa is not None:
        axes.axvspan(*line.zopa, ymin=0.3, ymax=0.7, fill=False, hatch="//",
                     edgecolor=_COLORS["zopa"], label="zone of agreement")
    axes.axhline(0, color="#555", linewidth=1)
    for index, mark in enumerate(line.marks):
        up = mark.side == "you"
        offset = (0.55 + 0.35 * (index % 2)) * (1 if up else -1)
        axes.plot([mark.value], [0], "o", color=_COLORS[mark.side])
        axes.annotate(f"{mark.label}\n{format_amount(mark.value)}", (mark.value, 0),
                      (mark.value, offset), ha="center", va="center", fontsize=8,
                      color=_COLORS[mark.side],
                      arrowprops={"arrowstyle": "-", "color": _COLORS[mark.side], "lw": 0.6})
    axes.xaxis.set_major_formatter(_thousands())
    axes.set_ylim(-1.2, 1.2)
    axes.set_yticks([])
    for side in ("left", "right", "top"):
        axes.spines[side].set_visible(False)
    better = "higher" if line.higher_is_better else "lower"
    axes.set_xlabel(f"{line.unit or 'value'} ({better} is better for you)")
    if line.market is not None or line.zopa is not None:
        axes.legend(loc="upper right", fontsize=7, frameon=False)
    return _svg(figure)


def _history_chart(situation: Situation, assessment: Assessment, figure_class: Any) -> str:
    figure = figure_class(figsize=(8, 3.2))
    axes = figure.subplots()
    for side, ledger in (("you", assessment.metrics.you), ("them", assessment.metrics.them)):
        moves = [(i + 1, m) for i, m in enumerate(situation.moves)
                 if m.is_offer and m.by == side and m.value is not None]
        if not moves:
            continue
        xs, ys = [x for x, _ in moves], [m.value for _, m in moves]
        label = "your offers" if side == "you" else "their offers"
        axes.plot(xs, ys, "o-", color=_COLORS[side], label=label)
        for concession in ledger.concessions:
            move = situation.moves[concession.move]
            axes.annotate(f"{'-' if side == 'you' else '+'}{format_amount(concession.size)}",
                          (concession.move + 1, move.value), textcoords="offset points",
                          xytext=(0, 8 if side == "you" else -14), ha="center", fontsize=7,
                          color=_COLORS[side])
    plan = situation.plan
    if plan is not None and plan.value is not None and plan.move == "offer":
        axes.plot([len(situation.moves) + 1], [plan.value], "o", markerfacecolor="white",
                  color=_COLORS["you"], label="your planned offer")
    axes.yaxis.set_major_formatter(_thousands())
    axes.set_xlabel("move")
    axes.set_ylabel(situation.negotiation.unit or "value")
    axes.xaxis.get_major_locator().set_params(integer=True)
    axes.legend(fontsize=7, frameon=False)
    for side in ("right", "top"):
        axes.spines[side].set_visible(False)
    return _svg(figure)


_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto;
       padding: 0 1rem; color: #222; line-height: 1.45; }
h1 { margin-bottom: .2rem; } .tool { font-size: 1.6rem; font-weight: 700; color: #1b4f72; }
.headline { border-left: .4rem solid #1b4f72; padding: .6rem 1rem; background: #eef5fb; }
.high { color: #a93226; } .medium { color: #b9770e; } .low, .info { color: #555; }
code { background: #f4f4f4; padding: 0 .2rem; } table { border-collapse: collapse; }
td, th { text-align: left; padding: .25rem .6rem; border-bottom: 1px solid #ddd;
         vertical-align: top; }
svg { max-width: 100%; height: auto; } .muted { color: #666; font-size: .9rem; }
"""


def render_report(situation: Situation, assessment: Assessment) -> str:
    """The whole report as one HTML document."""
    numbers, history = _charts(situation, assessment)
    e = html.escape
    title = e(assessment.title or "Negotiation assessment")
    head = assessment.headline
    parts = [
        "<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
        f"<title>{title}</title>", f"<style>{_STYLE}</style>", "</head>", "<body>",
        f"<h1>{title}</h1>", f'<p class="muted">{e(position_line(assessment))}</p>',
        '<section id="headline" class="headline">',
        f'<div>Reach for: <span class="tool">{e(head.tool)}</span> '
        f"<code>{e(head.rule)}</code></div>", f"<p>{e(head.message)}</p>", "</section>",
    ]
    for heading, items in advice_sections(assessment):
        parts.append(f'<section id="{heading.lower()}"><h2>{e(heading)}</h2><ul>')
        for advice in items:
            tag = (f'<strong class="{advice.severity}">{e(advice.risk)}</strong> '
                   if advice.risk else "")
            parts.append(f"<li>{tag}<code>{e(advice.rule)}</code> {e(advice.message)}</li>")
        parts.append("</ul></section>")
    if numbers is not None:
        parts += ['<section id="numberline"><h2>The numbers</h2>', numbers, "</section>"]
    if history is not None:
        parts += ['<section id="history"><h2>Offers over time</h2>',
                  '<p class="muted">Labels show each concession\'s size.</p>', history,
                  "</section>"]
    if assessment.levers:
        parts.append('<section id="levers"><h2>Levers: one change that would help</h2><ul>')
        parts += [f"<li>{e(text)}</li>" for text in lever_lines(assessment)]
        parts.append("</ul></section>")
    parts.append('<section id="rules"><h2>Rules that fired</h2><table>'
                 "<tr><th>rule</th><th>name</th><th>principle</th></tr>")
    parts += [f"<tr><td><code>{e(t.rule)}</code></td><td>{e(t.name)}</td>"
              f"<td>{e(PRINCIPLES[t.principle])}</td></tr>" for t in assessment.trace]
    parts += ["</table></section>", "</body>", "</html>"]
    return "\n".join(parts) + "\n"
