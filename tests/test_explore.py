"""Why not, what if, levers and replay: the API and the CLI on the examples."""

from __future__ import annotations

import json
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner

from negotiation_rules import (
    KnowledgeBase,
    SituationError,
    assess,
    load_situation,
    loads_situation,
)
from negotiation_rules.changes import apply_changes, parse_assignment
from negotiation_rules.cli import main
from negotiation_rules.explain import MEANINGS, why_not
from negotiation_rules.explore import REPLAY_ALL, REPLAY_LAST, replay, what_if
from negotiation_rules.levers import LEVERS, with_levers
from negotiation_rules.loading import situation_from_dict, situation_to_dict

EXAMPLES = Path(__file__).parent.parent / "examples"


def example(name: str):
    return load_situation(EXAMPLES / f"{name}.toml")


class TestWhyNot:
    def test_tool_lists_failed_conditions_with_values(self) -> None:
        """Used car: anchoring fails because the value is not known well enough."""
        answer = why_not(assess(example("used-car")), "anchor")
        assert (answer.kind, answer.produced, answer.headline.tool) == \
            ("tool", False, "let_them_open")
        an01 = next(c for c in answer.candidates if c.rule == "AN01")
        failed = [c for c in an01.checks if c.holds is False]
        assert [(c.meaning, c.needed, c.actual) for c in failed] == \
            [("you know the value: a range, held with medium or high confidence", True, False)]
        assert failed[0].context == {"because": "range 9,000 EUR to 13,000 EUR, confidence "
                                                "low; needs a range and medium or high confidence"}

    def test_tool_lists_the_higher_priority_rules_and_why_each_lost(self) -> None:
        answer = why_not(assess(example("used-car")), "anchor")
        assert [r.priority for r in answer.preempting] == sorted(
            r.priority for r in answer.preempting)
        assert {r.rule for r in answer.preempting} == {
            "TK01", "TK02", "TK03", "TK04", "TK06", "WA01", "WA02", "WA03", "WA04", "WA05", "WA19",
            "CO01", "CO17", "AN13"}
        assert all(not r.fired and not r.matched for r in answer.preempting)

    def test_a_lower_priority_tool_sees_the_winner_among_the_preempting(self) -> None:
        """Vendor contract: concede lost to the hold rule, which matched and fired."""
        answer = why_not(assess(example("vendor-contract")), "concede")
        co01 = next(r for r in answer.preempting if r.rule == "CO01")
        assert co01.fired and co01.matched
        co02 = next(r for r in answer.candidates if r.rule == "CO02")
        assert co02.matched and not co02.fired

    def test_risk(self) -> None:
        answer = why_not(assess(example("lease")), "escalating_concessions")
        assert answer.kind == "risk" and not answer.produced and answer.preempting == ()
        (co06,) = answer.candidates
        assert [(c.condition, c.holds) for c in co06.checks] == \
            [("a Planned fact", True), ("verdicts.plan_escalates = true", False)]
        assert co06.checks[1].context == {"because": "no planned concession or no previous one"}

    def test_produced_after_all(self) -> None:
        assert why_not(assess(example("freelance-rate")), "caving").produced
        assert why_not(assess(example("freelance-rate")), "concede").produced

    def test_unknown_name_suggests(self) -> None:
        with pytest.raises(ValueError, match="did you mean 'caving'"):
            why_not(assess(example("lease")), "cavin")

    def test_every_tested_field_has_a_meaning(self) -> None:
        """The glossary covers every field a built-in rule tests."""
        knowledge = KnowledgeBase.default()
        tested = {f"{c.fact}.{c.field}" for info in knowledge.rules()
                  for c in info.conditions if c.field is not None and c.fact != "Verdicts"}
        assert tested <= set(MEANINGS)
        verdicts = {c.field for info in knowledge.rules() for c in info.conditions
                    if c.fact == "Verdicts"}
        assert verdicts <= set(knowledge.verdicts)

    def test_cli_text_and_json(self, runner: CliRunner) -> None:
        path = str(EXAMPLES / "used-car.toml")
        text = runner.invoke(main, ["assess", path, "--why-not", "anchor"])
        assert "Why not anchor?\n  The headline is let_them_open (AN03)." in text.output
        assert ("fails informed: needs yes, is no (range 9,000 EUR to 13,000 EUR, "
                "confidence low;") in " ".join(text.output.split())
        data = json.loads(runner.invoke(main, ["assess", path, "--why-not", "anchor",
                                               "--format", "json"]).stdout)
        assert data["why_not"][0]["target"] == "anchor"

    def test_cli_unknown_name_exits_2(self, runner: CliRunner) -> None:
        result = runner.invoke(main, ["assess", str(EXAMPLES / "lease.toml"), "--why-not", "x"])
        assert result.exit_code == 2
        assert result.stderr.startswith("error: --why-not: 'x' is neither a tool nor a risk")

    def test_public_text_renderer(self) -> None:
        """render_why_not prints the answer in words, not as an attrs repr."""
        from negotiation_rules import render_why_not

        text = render_why_not(why_not(assess(example("used-car")), "anchor"), unit="EUR")
        assert text.startswith("Why not anchor?\n  The headline is let_them_open (AN03).\n")
        assert "range 9,000 EUR to 13,000 EUR" in " ".join(text.split())
        assert "WhyNot(" not in text

    def test_verdicts_read_by_name_with_their_values(self) -> None:
        """A failed verdict shows its name and what its judge compared, not the judge
        rule's docstring."""
        from negotiation_rules import render_why_not

        text = " ".join(render_why_not(why_not(assess(example("used-car")), "anchor"),
                                       unit="EUR").split())
        assert "fails informed: needs yes, is no (range 9,000 EUR to 13,000 EUR" in text
        assert "Judge whether" not in text


class TestWhatIf:
    def test_api_reports_headline_and_risk_changes(self) -> None:
        comparison = what_if(example("supplier-renewal"), {"you.batna.status": "in_hand"})
        assert (comparison.before.headline.tool, comparison.after.headline.tool) == \
            ("prepare_batna", "anchor")
        assert comparison.risks_removed == ("no_batna",)
        assert comparison.risks_added == ()

    def test_paths_create_tables_and_index_arrays(self) -> None:
        doc = {"negotiation": {"side": "buyer"}, "moves": [{"by": "you", "type": "offer",
                                                           "value": 1}]}
        changed = apply_changes(doc, [("you.batna.status", "likely"), ("moves[0].value", 5)])
        assert changed["you"] == {"batna": {"status": "likely"}}
        assert changed["moves"][0]["value"] == 5
        assert doc["moves"][0]["value"] == 1

    @pytest.mark.parametrize(("text", "expected"), [
        ("plan.value=150000", ("plan.value", 150000)),
        ("you.batna.status=in_hand", ("you.batna.status", "in_hand")),
        ('negotiation.title="A b"', ("negotiation.title", "A b")),
        ("value.sources=['a', 'b']", ("value.sources", ["a", "b"])),
    ])
    def test_values_are_toml_or_text(self, text: str, expected: tuple) -> None:
        assert parse_assignment(text) == expected

    @pytest.mark.parametrize(("change", "message"), [
        ("moves[9].value=1", "moves[9].value: has no item [9]"),
        ("you.bogus=1", "you.bogus: unknown key"),
        ("plan.value=-5", "plan.value: must not be negative"),
        ("no_equals_sign", "--set expects PATH=VALUE"),
        ("you..need=low", "is not a path"),
    ])
    def test_bad_changes_exit_2(self, runner: CliRunner, change: str, message: str) -> None:
        result = runner.invoke(main, ["assess", str(EXAMPLES / "vendor-contract.toml"),
                                      "--set", change])
        assert result.exit_code == 2
        assert message in result.stderr

    def test_api_raises_situation_error(self) -> None:
        with pytest.raises(SituationError):
            what_if(example("lease"), {"you.need": "desperate"})

    def test_cli_shows_what_changed(self, runner: CliRunner) -> None:
        result = runner.invoke(main, ["assess", str(EXAMPLES / "vendor-contract.toml"),
                                      "--set", "plan.in_exchange_for=a two-year term",
                                      "--set", "plan.value=475000"])
        assert result.exit_code == 0
        assert ("What if plan.in_exchange_for = 'a two-year term', plan.value = 475000:\n"
                "  headline: hold (unchanged)\n"
                "  risks added: none\n"
                "  risks removed: caving, escalating_concessions\n") in result.output

    def test_public_text_renderer(self) -> None:
        from negotiation_rules import render_comparison

        text = render_comparison(what_if(example("supplier-renewal"),
                                         {"you.batna.status": "in_hand"}))
        assert text.splitlines()[0] == "What if you.batna.status = 'in_hand':"
        assert text.splitlines()[1].startswith("  headline: ")
        assert "Comparison(" not in text


class TestLevers:
    def test_catalogue_ids_are_unique(self) -> None:
        assert len({spec.id for spec in LEVERS}) == len(LEVERS)

    def test_supplier_renewal_secures_the_alternative(self) -> None:
        (lever,) = with_levers(example("supplier-renewal")).levers
        assert (lever.id, lever.changes, lever.headline, lever.cleared) == (
            "secure_alternative", {"you.batna.status": "in_hand"}, "anchor", ("no_batna",))

    def test_only_helpful_changes_are_listed(self) -> None:
        """Job offer has nothing to fix; vendor contract clears caving two ways."""
        assert with_levers(example("job-offer")).levers == ()
        levers = with_levers(example("vendor-contract")).levers
        assert [lever.id for lever in levers] == ["ask_in_exchange", "wait_for_them"]
        assert all("caving" in lever.cleared for lever in levers)

    def test_opening_within_range_names_the_number(self) -> None:
        """An extreme first offer: open at the ambitious end of the range instead."""
        assert "anchor_too_extreme" in what_if(example("job-offer"),
                                               {"plan.value": 260000}).after.risks
        changed = situation_from_dict(apply_changes(
            situation_to_dict(example("job-offer")), [("plan.value", 260000)]))
        levers = with_levers(changed).levers
        assert [x.id for x in levers] == ["wait_for_them", "open_within_range"]
        lever = levers[1]
        assert lever.action == "Open at 208,800 USD instead, within the credible range"
        assert lever.changes == {"plan.value": 208800}
        assert lever.cleared == ("anchor_too_extreme",)

    def test_a_modest_opening_without_a_range_offers_no_number(self) -> None:
        """With a target but no credible range there is no range to open within."""
        situation = loads_situation(
            'schema = 1\n[negotiation]\nside = "seller"\n[you]\ntarget = 100000\n'
            '[plan]\nmove = "offer"\nvalue = 80000\n')
        answer = with_levers(situation)
        assert answer.fields_of("Verdicts")["plan_modest"]
        assert "open_within_range" not in [lever.id for lever in answer.levers or ()]

    def test_default_api_skips_levers(self) -> None:
        assert assess(example("supplier-renewal")).levers is None


class TestReplay:
    def test_timeline_of_the_vendor_contract(self) -> None:
        steps = replay(example("vendor-contract"))
        assert [s.label for s in steps] == [
            "start", "move 1, you: offer 500,000 USD", "move 2, them: offer 430,000 USD",
            "move 3, you: offer 490,000 USD", "move 4, them: offer 430,000 USD",
            "move 5, you: offer 480,000 USD", "plan: offer 465,000 USD"]
        assert [s.headline for s in steps] == [
            "prepare_batna", "hold", "concede", "concede", "concede", "hold", "hold"]
        assert steps[5].added == ("one_sided_concessions",)
        assert steps[6].added == ("caving", "escalating_concessions")

    def test_text_notes_wrap_under_their_step(self) -> None:
        from negotiation_rules.render import replay_text

        text = replay_text(replay(example("vendor-contract")), width=70)
        assert max(len(line) for line in text.splitlines()) <= 70
        notes = [line for line in text.splitlines() if "· " in line]
        assert len(notes) == 3  # one bullet per note, continuations indented under it
        assert all(line.index("·") == notes[0].index("·") for line in notes)

    def test_cleared_risks(self) -> None:
        """The lease stalls at move 6, a risk that move introduced; walking waits until the
        stall has lasted two rounds (move 8)."""
        steps = {s.label.split(",")[0]: s for s in replay(example("lease"))}
        assert "stalled" in steps["move 6"].added
        assert all("stalled" not in s.cleared for s in steps.values())
        assert [steps[m].headline for m in ("move 6", "move 7", "move 8")] == \
            ["hold", "hold", "walk_away"]

    @pytest.mark.parametrize("fmt", ["text", "json", "markdown"])
    def test_cli_formats(self, runner: CliRunner, fmt: str) -> None:
        result = runner.invoke(main, ["replay", str(EXAMPLES / "vendor-contract.toml"),
                                      "--format", fmt])
        assert result.exit_code == 0
        if fmt == "json":
            data = json.loads(result.stdout)
            assert data["steps"][5]["added"] == ["one_sided_concessions"]
        elif fmt == "markdown":
            assert "| move 5, you: offer 480,000 USD | `hold` (CO01) | " \
                   "`one_sided_concessions` | — |" in result.output
        else:
            assert result.output.startswith("Replay: Analytics platform licence, 3 years\n")

    def test_cli_bad_file_exits_2(self, runner: CliRunner) -> None:
        assert runner.invoke(main, ["replay", "missing.toml"]).exit_code == 2

    def test_a_long_history_is_replayed_one_by_one_only_at_its_end(self) -> None:
        """Issue 14: replay assessed every prefix of the history (quadratic: 41 s for 10,000
        moves); past REPLAY_ALL moves it sums up the start and replays the last moves."""
        situation = situation_from_dict(_history(REPLAY_ALL + 1))
        steps = replay(situation)
        assert len(steps) == 1 + 1 + REPLAY_LAST + 1  # start, the summary, the last, the plan
        skipped = REPLAY_ALL + 1 - REPLAY_LAST
        summary = steps[1]
        assert summary.index == skipped - 1
        assert summary.label == f"moves 1 to {skipped} at once (long history)"
        prefix = assess(attrs.evolve(situation, moves=situation.moves[:skipped], plan=None))
        assert (summary.headline, summary.rule) == (prefix.headline.tool, prefix.headline.rule)
        assert [s.index for s in steps[2:-1]] == list(range(skipped, REPLAY_ALL + 1))
        assert steps[-1].headline == assess(situation).headline.tool

    def test_a_history_at_the_threshold_is_replayed_move_by_move(self) -> None:
        steps = replay(situation_from_dict(_history(REPLAY_ALL)))
        assert [s.index for s in steps[1:-1]] == list(range(REPLAY_ALL))


def _history(moves: int) -> dict[str, object]:
    """Alternating offers that slowly converge, and a plan."""
    offers = [{"by": "them" if i % 2 == 0 else "you", "type": "offer",
               "value": 100_000 - i // 2 if i % 2 == 0 else 50_000 + i // 2}
              for i in range(moves)]
    return {"negotiation": {"side": "buyer"}, "value": {"low": 70_000, "high": 90_000},
            "moves": offers, "plan": {"move": "offer", "value": 50_000 + moves}}
