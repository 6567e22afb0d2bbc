"""What embedding products rely on: determinism, threads, recovery, custom rules."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import threading
from typing import Any

import pytest

from negotiation_rules import (
    KnowledgeBase,
    NegotiationRulesError,
    NoHeadlineRule,
    RuleClash,
    RuleFailure,
    UndeclaredRule,
    UnknownFactField,
    assess,
    load_situation,
    loads_situation,
    rule,
)
from negotiation_rules._experta import Fact, Rule
from negotiation_rules.facts import (
    AS,
    TEST,
    Headline,
    Planned,
    Position,
    Proposal,
    Table,
    Thresholds,
    Trades,
    Verdicts,
)
from negotiation_rules.measure import measure
from negotiation_rules.render import render_text

from .helpers import EXAMPLES, ROOT

SITUATIONS = [load_situation(path) for path in EXAMPLES]


class TestDeterminism:
    """The same situation gives byte-identical JSON in every process."""

    SCRIPT = (
        "import json, sys\n"
        "from negotiation_rules import assess, load_situation\n"
        "for path in sys.argv[1:]:\n"
        "    print(json.dumps(assess(load_situation(path)).to_dict()))\n"
    )

    def test_across_hash_seeds_and_processes(self) -> None:
        outputs = set()
        for seed in ("0", "1", "4242", "random"):
            env = {**os.environ, "PYTHONHASHSEED": seed}
            result = subprocess.run([sys.executable, "-c", self.SCRIPT, *map(str, EXAMPLES)],
                                    capture_output=True, text=True, env=env, check=True)
            outputs.add(result.stdout)
        assert len(outputs) == 1
        in_process = "".join(json.dumps(assess(s).to_dict()) + "\n" for s in SITUATIONS)
        assert outputs == {in_process}

    def test_repeated_assessments_on_one_engine_agree(self) -> None:
        first = [assess(s).to_dict() for s in SITUATIONS]
        again = [assess(s).to_dict() for s in reversed(SITUATIONS)][::-1]
        assert first == again


def test_eight_threads_get_the_sequential_answers() -> None:
    expected = {i: json.dumps(assess(s).to_dict()) for i, s in enumerate(SITUATIONS)}
    failures: list[str] = []
    barrier = threading.Barrier(8)

    def work(seed: int) -> None:
        order = list(range(len(SITUATIONS))) * 6
        random.Random(seed).shuffle(order)
        barrier.wait()
        for i in order:
            if json.dumps(assess(SITUATIONS[i]).to_dict()) != expected[i]:
                failures.append(f"thread {seed}: {EXAMPLES[i].name}")

    threads = [threading.Thread(target=work, args=(seed,)) for seed in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []


class Broken:
    """A custom rule that raises while the engine runs."""

    @rule("BRK01", "broken.on_wait", Planned(move="wait"), principle="toolkit.moment",
          kind="note")
    def on_wait(self: Any) -> None:
        """Raise, as a buggy custom rule might."""
        raise RuntimeError("custom rule failed")


def test_engine_recovers_after_a_rule_raises() -> None:
    knowledge = KnowledgeBase.default().extend(Broken)
    waiting = loads_situation('[negotiation]\nside = "buyer"\n[plan]\nmove = "wait"\n')
    with pytest.raises(RuntimeError, match="custom rule failed"):
        assess(waiting, knowledge=knowledge)
    for situation in SITUATIONS:
        assert assess(situation, knowledge=knowledge).to_dict() == assess(situation).to_dict()
    with pytest.raises(RuntimeError, match="custom rule failed"):
        assess(waiting, knowledge=knowledge)


_FAILING = threading.local()


class FailsWhenAsked:
    """A custom rule whose TEST raises during matching when the test asks it to."""

    @rule("FLK01", "flaky.test", AS.table << Table(), TEST(lambda table: _explode()),
          principle="toolkit.moment", kind="note")
    def flaky(self: Any, table: Any) -> None:
        """Never fires: its test is false or raises."""


def _explode() -> bool:
    if getattr(_FAILING, "on", False):
        raise ZeroDivisionError("custom test failed")
    return False


def test_a_test_raising_during_matching_leaves_the_engine_clean() -> None:
    """Issue 14: after a custom TEST raised on one situation, every other situation gets
    exactly a fresh engine's answer (it used to get the failed one's advice)."""
    knowledge = KnowledgeBase.default().extend(FailsWhenAsked)
    fresh = [json.dumps(assess(s).to_dict()) for s in SITUATIONS]
    wrong = []
    for first in SITUATIONS:
        for index, second in enumerate(SITUATIONS):
            _FAILING.on = True
            try:
                with pytest.raises(ZeroDivisionError):
                    assess(first, knowledge=knowledge)
            finally:
                _FAILING.on = False
            if json.dumps(assess(second, knowledge=knowledge).to_dict()) != fresh[index]:
                wrong.append((first.negotiation.title, second.negotiation.title))
    assert wrong == []


def test_every_fact_field_measure_produces_is_listed_in_fields() -> None:
    """Custom rules are checked against FIELDS, so FIELDS must hold what measure declares."""
    seen: dict[type, set[str]] = {}
    for situation in SITUATIONS:
        for fact in measure(situation).facts:
            seen.setdefault(type(fact), set()).update(str(k) for k in fact
                                                       if not Fact.is_special(k))
    assert {kind: set(fields) - kind.FIELDS for kind, fields in seen.items()} == {
        Thresholds: set(), Position: set(), Table: set(), Proposal: set(), Planned: set(),
        Trades: set()}


def _ruleset(name: str, method: str, *patterns: object, **options: Any) -> type:
    def advise_once(self: Any, **_: Any) -> None:
        """A custom rule for a test."""
        self.advise("custom")

    declared = rule("CU01", "custom.rule", *patterns, principle="toolkit.moment",
                    **({"kind": "note"} | options))(advise_once)
    return type(name, (), {method: declared})


class TestCustomRulesAreCheckedWhenAdded:
    """Issue 14: rules that would crash or silently never fire are refused by extend()."""

    @pytest.mark.parametrize("method", ["advise", "money", "run", "evaluate", "declare",
                                        "facts", "reset"])
    def test_a_method_named_like_the_engine(self, method: str) -> None:
        custom = _ruleset("Clashing", method, Table())
        with pytest.raises(RuleClash, match=rf"Clashing\.{method} \(CU01\) has the name of "
                                            r"an engine attribute"):
            KnowledgeBase.default().extend(custom)

    def test_a_misspelt_fact_field(self) -> None:
        custom = _ruleset("Typo", "typo", Table(they_ofered=True))
        with pytest.raises(UnknownFactField, match=r"Typo\.typo \(CU01\) tests "
                                                   r"Table\.they_ofered, which is not a field "
                                                   r"of Table; did you mean 'they_offered'\?"):
            KnowledgeBase.default().extend(custom)

    def test_a_misspelt_field_inside_a_negation(self) -> None:
        from negotiation_rules.facts import NOT

        custom = _ruleset("Typo", "typo", Table(), NOT(Headline(tol="hold")))
        with pytest.raises(UnknownFactField, match=r"Headline\.tol"):
            KnowledgeBase.default().extend(custom)

    def test_a_fact_type_without_fields(self) -> None:
        class Mine(Fact):  # type: ignore[misc]
            """A fact type of the product's own, without FIELDS."""

        custom = _ruleset("Own", "own", Mine(x=1))
        with pytest.raises(UnknownFactField, match="matches Mine, which lists no FIELDS"):
            KnowledgeBase.default().extend(custom)

    def test_a_plain_experta_rule(self) -> None:
        def plain(self: Any) -> None:
            """Declared with experta's own decorator."""

        custom = type("Plain", (), {"plain": Rule(Table())(plain)})
        with pytest.raises(UndeclaredRule, match=r"Plain\.plain is an experta rule; declare "
                                                 r"it with negotiation_rules\.rule"):
            KnowledgeBase((*KnowledgeBase.default().rulesets, custom))

    def test_without_every_headline_rule(self) -> None:
        codes = [info.code for info in KnowledgeBase.default().rules() if info.headline]
        with pytest.raises(NoHeadlineRule, match="no headline rule is left"):
            KnowledgeBase.default().without(*codes)

    def test_a_headline_rule_that_advises_twice(self) -> None:
        def twice(self: Any, **_: Any) -> None:
            """Advise twice, as a buggy headline rule might."""
            self.advise("one")
            self.advise("two")

        custom = type("Twice", (), {"twice": rule("TW01", "twice.r", Table(),
                                                  principle="toolkit.moment", tool="hold",
                                                  priority=0)(twice)})
        knowledge = KnowledgeBase.default().extend(custom)
        with pytest.raises(RuleFailure, match="headline rule TW01 advised more than once"):
            assess(SITUATIONS[0], knowledge=knowledge)
        assert assess(SITUATIONS[1]).to_dict() == assess(SITUATIONS[1]).to_dict()

    def test_every_error_is_a_negotiation_rules_error(self) -> None:
        for error in (RuleClash, UnknownFactField, UndeclaredRule, NoHeadlineRule, RuleFailure):
            assert issubclass(error, NegotiationRulesError)


class Extra:
    """A product's own rules: a recommendation and a risk code of its own."""

    @rule("XT01", "extra.big_gap", AS.table << Table(you_offered=True, they_offered=True),
          Verdicts(crossed=False),
          principle="concede.move", risk="big_gap", severity="low")
    def big_gap(self: Any, table: Any) -> None:
        """Warn of the gap, in the product's own words."""
        self.advise(f"Gap: {self.money(table['gap'])}.", gap=table["gap"])


class TestCustomRules:
    """Embedders add and remove rules without touching ours."""

    def test_extension_adds_advice_with_its_own_risk_code(self) -> None:
        situation = load_situation(ROOT / "examples" / "freelance-rate.toml")
        answer = assess(situation, knowledge=KnowledgeBase.default().extend(Extra))
        item = next(a for a in answer.advice if a.rule == "XT01")
        assert (item.risk, item.message) == ("big_gap", "Gap: 11 USD/h.")
        assert item.evidence == {"table.you_offered": True, "table.they_offered": True,
                                 "verdicts.crossed": False, "gap": 11}
        assert answer.headline == assess(situation).headline

    def test_extension_leaves_the_default_alone(self) -> None:
        KnowledgeBase.default().extend(Extra)
        assert "XT01" not in {info.code for info in KnowledgeBase.default().rules()}

    @pytest.mark.parametrize(("code", "message"), [
        ("AN01", "is taken"), ("AN99", "uses the built-in prefix AN")])
    def test_codes_may_not_collide_with_built_ins(self, code: str, message: str) -> None:
        def clashing(self: Any) -> None:
            """Reuse a built-in code."""

        clash = type("Clash", (), {"r": rule(code, "clash.r", Table(),
                                             principle="toolkit.moment", kind="note")(clashing)})
        with pytest.raises(ValueError, match=message):
            KnowledgeBase.default().extend(clash)

    def test_a_method_name_may_not_hide_another_rule(self) -> None:
        """Rule classes are mixed into one engine: a reused method name is refused."""
        def open_informed(self: Any) -> None:
            """Hide AN01, by name."""

        hiding = type("Hiding", (), {"open_informed": rule(
            "HD01", "hiding.r", Table(), principle="toolkit.moment", kind="note")(open_informed)})
        with pytest.raises(ValueError, match=r"Hiding\.open_informed \(HD01\) has the same "
                                             r"name as a rule of AnchoringRules"):
            KnowledgeBase.default().extend(hiding)

    def test_a_class_without_rules_is_refused(self) -> None:
        with pytest.raises(ValueError, match="declares no @rule"):
            KnowledgeBase.default().extend(type("Empty", (), {}))

    def test_disabling_a_built_in_rule(self) -> None:
        knowledge = KnowledgeBase.default().without("WA15", "PR01")
        answer = assess(load_situation(ROOT / "examples" / "job-offer.toml"), knowledge=knowledge)
        assert {"WA15", "PR01"}.isdisjoint(a.rule for a in answer.advice)
        assert {"WA15", "PR01"}.isdisjoint(info.code for info in knowledge.rules())

    def test_disabling_an_unknown_code_is_refused(self) -> None:
        with pytest.raises(ValueError, match="no active rule has the code ZZ01"):
            KnowledgeBase.default().without("ZZ01")

    def test_the_salary_example(self) -> None:
        """examples/custom_rule.py: a bonus for a small last gap, a warning for a low ask."""
        sys.path.insert(0, str(ROOT / "examples"))
        try:
            import custom_rule
        finally:
            sys.path.pop(0)
        small_gap = loads_situation(
            '[negotiation]\nside = "seller"\nunit = "USD"\n'
            '[[moves]]\nby = "you"\ntype = "offer"\nvalue = 200000\n'
            '[[moves]]\nby = "them"\ntype = "offer"\nvalue = 192000\n')
        advice = assess(small_gap, knowledge=custom_rule.SALARY).advice
        assert any(a.rule == "SAL01" and "8,000 USD" in a.message for a in advice)
        low_ask = loads_situation(
            '[negotiation]\nside = "seller"\n[value]\nlow = 150000\nhigh = 185000\n'
            'confidence = "high"\n[plan]\nmove = "anchor"\nvalue = 140000\n')
        answer = assess(low_ask, knowledge=custom_rule.SALARY)
        assert "below_market_ask" in answer.risks
        assert "SAL01" not in {a.rule for a in answer.advice}
        explained = " ".join(render_text(answer, explain=True).split())
        assert "SAL02 salary.below_market_floor - the plan is your first offer: yes " \
            "(value: 140,000) - informed: yes (range 150,000 to 185,000" in explained
        assert "- its own test held: <lambda>" in explained
        result = subprocess.run([sys.executable, str(ROOT / "examples" / "custom_rule.py")],
                                capture_output=True, text=True, check=True, cwd=ROOT)
        shown = result.stdout.splitlines()  # the example shows its own rules at work
        assert shown[0] == "Opening at 140,000: reach for anchor"
        assert shown[1].startswith("  SAL02 below_market_ask: Your ask of 140,000 USD")
        assert shown[3].startswith("  SAL01 recommendation: The remaining gap of 8,000 USD")


def test_situations_and_answers_compare_and_hash_by_their_fields() -> None:
    """An embedder caches answers keyed by situation and compares answers across calls."""
    import attrs

    text = (ROOT / "examples" / "lease.toml").read_text(encoding="utf-8")
    first, again = loads_situation(text), loads_situation(text)
    cheaper = attrs.evolve(first, you=attrs.evolve(first.you, target=first.you.target + 1))
    assert first == again and hash(first) == hash(again)
    assert first != cheaper and {first: "cached"}.get(cheaper) is None
    assert assess(first) == assess(again)
    assert first.you != first.you.batna  # different classes never compare equal
    shown = repr(first.you)
    assert shown.startswith("You(target=") and f"reservation={first.you.reservation!r}" in shown


def test_public_api_is_importable() -> None:
    """Every name in __all__ exists (a star-import would fail otherwise)."""
    import negotiation_rules

    missing = [name for name in negotiation_rules.__all__ if not hasattr(negotiation_rules, name)]
    assert missing == []
    assert negotiation_rules.__all__ == sorted(negotiation_rules.__all__,
                                               key=lambda n: (not n.isupper(), n))
    assert sorted(negotiation_rules._HOME) == sorted(set(negotiation_rules.__all__)
                                                     - {"__version__"})


def test_importing_the_package_loads_a_module_only_when_a_name_is_used() -> None:
    code = ("import sys, negotiation_rules\n"
            "def loaded(): return sorted(m for m in sys.modules if m.startswith('negotiation_'))\n"
            "print(loaded()); negotiation_rules.Settings; print(loaded())\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.splitlines() == [
        "['negotiation_rules']",
        "['negotiation_rules', 'negotiation_rules.errors', 'negotiation_rules.record',"
        " 'negotiation_rules.settings']"]
