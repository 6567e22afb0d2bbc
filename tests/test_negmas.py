"""The NegMAS integration: a negotiator that acts on next_move alone, and the tournament."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import types
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("negmas")

from click.testing import CliRunner
from negmas import SAOMechanism, make_issue
from negmas.preferences import LinearAdditiveUtilityFunction
from negmas.preferences.value_fun import AffineFun, LinearFun
from negmas.sao import BoulwareTBNegotiator, ConcederTBNegotiator

from negotiation_rules import loads_situation, replay
from negotiation_rules.cli import main
from negotiation_rules.integrations import negmas as integration
from negotiation_rules.integrations.negmas import (
    Background,
    RulesNegotiator,
    read_scale,
    situation_from_trace,
    trace_toml,
)

TOURNAMENT = Path(__file__).resolve().parent.parent / "benchmarks" / "tournament.py"


def price_ufun(side: str, limit: float, space: Any) -> LinearAdditiveUtilityFunction:
    value = LinearFun(1 / 1000) if side == "seller" else AffineFun(-1 / 1000, 1.0)
    reserved = limit / 1000 if side == "seller" else 1 - limit / 1000
    return LinearAdditiveUtilityFunction(values={"price": value}, weights={"price": 1.0},
                                         outcome_space=space, reserved_value=reserved)


def mechanism(rounds: int = 20) -> SAOMechanism:
    return SAOMechanism(issues=[make_issue((0, 1000), "price")], n_steps=rounds)


def play(negotiator: Any, side: str, limit: float, their_limit: float, first: bool = True,
         rounds: int = 20, opponent: Callable[..., Any] = ConcederTBNegotiator
         ) -> SAOMechanism:
    table = mechanism(rounds)
    other = "buyer" if side == "seller" else "seller"
    pairs = [(negotiator, price_ufun(side, limit, table.outcome_space)),
             (opponent(name="them"), price_ufun(other, their_limit, table.outcome_space))]
    for who, ufun in pairs if first else reversed(pairs):
        table.add(who, preferences=ufun)
    table.run()
    return table


class Script:
    """A stand-in for `assess` that answers with a scripted next move and nothing else.

    Its answers have no headline, advice, facts or metrics: a negotiator that reads
    anything but ``next_move`` fails with AttributeError.
    """

    def __init__(self, decide: Callable[[Any], tuple[str, float | None]]) -> None:
        self.decide = decide
        self.seen: list[Any] = []

    def __call__(self, situation: Any, settings: Any = None, knowledge: Any = None) -> Any:
        self.seen.append(situation)
        action, value = self.decide(situation)
        move = types.SimpleNamespace(action=action, value=value, range=None, give=(),
                                     ask_for=(), packages=(), steps=(), rules=("TEST01",))
        return types.SimpleNamespace(next_move=move)


def their_offers(situation: Any) -> list[float]:
    return [m.value for m in situation.moves if m.by == "them"]


def test_the_package_does_not_load_negmas() -> None:
    """Importing the library and its integrations package leaves negmas unloaded."""
    code = ("import sys, negotiation_rules, negotiation_rules.integrations; "
            "negotiation_rules.assess; print('negmas' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "False"


class TestScale:
    """The side, limit and grid come from the utility function."""

    @pytest.mark.parametrize(("side", "limit", "expected"),
                             [("seller", 403.7, 404), ("buyer", 696.3, 696)],
                             ids=["seller-rounds-up", "buyer-rounds-down"])
    def test_limit_is_the_worst_acceptable_integer(self, side: str, limit: float,
                                                    expected: int) -> None:
        """A limit between two prices becomes the one on your side of it."""
        scale = read_scale(price_ufun(side, limit, mechanism().outcome_space))
        assert (scale.side, scale.reservation, scale.increment) == (side, expected, 1.0)
        assert scale.ideal == (1000 if side == "seller" else 0)

    def test_snap_never_rounds_against_you(self) -> None:
        """An advised 700.4 is said as 701 by a seller and 700 by a buyer, inside 0..1000."""
        space = mechanism().outcome_space
        seller = read_scale(price_ufun("seller", 300, space))
        buyer = read_scale(price_ufun("buyer", 700, space))
        assert (seller.snap(700.4), buyer.snap(700.4)) == (701, 700)
        assert (seller.snap(1200), buyer.snap(-5)) == (1000, 0)

    def test_listed_values_are_refused_with_a_reason(self) -> None:
        """A grid of 1 would propose values the issue does not list, so it is refused."""
        table = SAOMechanism(issues=[make_issue([0, 5, 10], "price")], n_steps=5)
        ufun = LinearAdditiveUtilityFunction(values={"price": LinearFun(0.1)},
                                             outcome_space=table.outcome_space)
        with pytest.raises(ValueError, match="lists its values: one issue of type Discrete"):
            read_scale(ufun)

    def test_a_continuous_issue_has_no_grid(self) -> None:
        """On a continuous price the limit is exact and nothing is rounded."""
        table = SAOMechanism(issues=[make_issue((0.0, 10.0), "price")], n_steps=5)
        ufun = LinearAdditiveUtilityFunction(values={"price": LinearFun(0.1)},
                                             outcome_space=table.outcome_space,
                                             reserved_value=0.25)
        scale = read_scale(ufun)
        assert scale.increment is None and scale.reservation == pytest.approx(2.5, abs=1e-4)
        assert scale.snap(3.14159) == 3.14159

    def test_two_issues_are_refused_with_a_reason(self) -> None:
        """Only one numeric issue is supported, and the error says what arrived."""
        table = SAOMechanism(issues=[make_issue((0, 10), "a"), make_issue((0, 10), "b")],
                             n_steps=5)
        ufun = LinearAdditiveUtilityFunction(
            values={"a": LinearFun(1.0), "b": LinearFun(1.0)}, weights={"a": 1.0, "b": 1.0},
            outcome_space=table.outcome_space)
        with pytest.raises(ValueError, match=r"one numeric issue; .* has 2 issues"):
            read_scale(ufun)


class TestActsOnNextMove:
    """RulesNegotiator does what next_move says, reading nothing else of the answer."""

    def test_offer_and_hold_are_said_on_the_grid(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """It proposes the advised value (snapped toward itself), then holds it."""
        script = Script(lambda s: ("offer", 850.2) if len(s.moves) < 4 else ("hold", 851))
        monkeypatch.setattr(integration, "assess", script)
        rules = RulesNegotiator(name="rules")
        table = play(rules, "seller", 300, 600, rounds=6)
        mine = [o[0] for _, who, o in table.extended_trace if who == rules.id]
        assert mine[:2] == [851, 851] and set(mine) == {851}
        assert [t.response for t in rules.turns] == ["offer"] * len(rules.turns)

    def test_accept_takes_their_offer(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Accept agrees to exactly the offer on the table."""
        def decide(situation: Any) -> tuple[str, float | None]:
            offers = their_offers(situation)
            return ("accept", None) if offers and offers[-1] >= 500 else ("offer", 900)

        monkeypatch.setattr(integration, "assess", Script(decide))
        rules = RulesNegotiator(name="rules")
        table = play(rules, "seller", 300, 800, rounds=40)
        accepted = rules.turns[-1]
        assert accepted.response == "accept"
        assert table.state.agreement == (accepted.their_offer,)
        assert accepted.their_offer is not None and accepted.their_offer >= 500

    def test_walk_ends_the_negotiation(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Walk ends it at once, without a deal."""
        script = Script(lambda s: ("walk", None) if len(s.moves) >= 3 else ("offer", 900))
        monkeypatch.setattr(integration, "assess", script)
        rules = RulesNegotiator(name="rules")
        table = play(rules, "seller", 300, 800)
        assert table.state.broken and table.state.agreement is None
        assert [t.response for t in rules.turns] == ["offer", "offer", "end"]

    @pytest.mark.parametrize("action", ["wait", "prepare"])
    def test_wait_opens_at_the_ideal_then_stands(self, monkeypatch: pytest.MonkeyPatch,
                                                 action: str) -> None:
        """Asked to wait when it must speak, a buyer opens at 0, then repeats its offer."""
        script = Script(lambda s: (action, None) if not s.moves else
                        ("offer", 120) if len(s.moves) < 3 else (action, None))
        monkeypatch.setattr(integration, "assess", script)
        rules = RulesNegotiator(name="rules")
        table = play(rules, "buyer", 700, 300, rounds=5)
        mine = [o[0] for _, who, o in table.extended_trace if who == rules.id]
        assert mine == [0, 120, 120, 120, 120]


class TestSituation:
    """What the negotiator writes down before each decision."""

    @pytest.mark.parametrize("first", [True, False], ids=["speaks-first", "answers"])
    def test_their_offer_on_the_table_is_the_last_move(self, monkeypatch: pytest.MonkeyPatch,
                                                       first: bool) -> None:
        """Offers alternate, oldest first, ending with theirs on the table."""
        script = Script(lambda s: ("offer", 900))
        monkeypatch.setattr(integration, "assess", script)
        rules = RulesNegotiator(name="rules", background=Background(
            market=(0, 1000), confidence="medium", alternative=300))
        table = play(rules, "seller", 300, 600, first=first, rounds=6)
        last = script.seen[-1]
        assert [m.by for m in last.moves][-2:] == ["you", "them"]
        assert last.moves[-1].value == rules.turns[-1].their_offer
        assert [m.value for m in last.moves if m.by == "them"] == [
            o[0] for _, who, o in table.extended_trace if who != rules.id][:len(their_offers(last))]
        assert (last.negotiation.side, last.you.reservation, last.you.target) == (
            "seller", 300, 1000)
        assert (last.value.low, last.value.high, last.you.batna.value) == (0, 1000, 300)

    def test_a_finished_trace_replays(self) -> None:
        """A recorded negotiation reads back as a situation the rules can coach."""
        table = play(BoulwareTBNegotiator(name="me"), "buyer", 650, 350, rounds=8,
                     opponent=ConcederTBNegotiator)
        me = next(n for n in table.negotiators if n.name == "me")
        situation = situation_from_trace(table.extended_trace, me.id, me.ufun)
        assert (situation.negotiation.side, situation.you.reservation) == ("buyer", 650)
        assert len(situation.moves) == len(table.extended_trace)
        steps = replay(situation)
        assert len(steps) == len(situation.moves) + 1


def test_the_readme_snippet_runs(capsys: pytest.CaptureFixture[str]) -> None:
    """The "Inside NegMAS" example plays a negotiation and coaches it, as printed."""
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    section = readme[readme.index("## Inside NegMAS"):]
    code = section[section.index("```python\n") + 10:section.index("```\n", 12)]
    exec(compile(code, "README.md", "exec"), {})
    printed = capsys.readouterr().out.splitlines()
    assert printed[0].startswith("deal: ") and len(printed) == 7


def test_a_recorded_negotiation_replays_on_the_command_line(tmp_path: Path,
                                                             runner: CliRunner) -> None:
    """trace_toml writes the situation situation_from_trace reads, and nrules replay coaches it."""
    table = play(BoulwareTBNegotiator(name="me"), "seller", 350, 650, rounds=6)
    me = next(n for n in table.negotiators if n.name == "me")
    background = Background(market=(200, 800), confidence="medium", alternative=350,
                            title='Kiosk "B" lease')
    text = trace_toml(table.extended_trace, me.id, me.ufun, background)
    assert loads_situation(text) == situation_from_trace(table.extended_trace, me.id, me.ufun,
                                                         background)
    path = tmp_path / "recorded.toml"
    path.write_text(text)
    result = runner.invoke(main, ["replay", str(path)])
    assert result.exit_code == 0, result.output
    assert sum(line.startswith("move ") for line in result.output.splitlines()) == 12


@pytest.fixture(scope="module")
def tournament() -> Iterator[Any]:
    spec = importlib.util.spec_from_file_location("tournament", TOURNAMENT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["tournament"] = module  # attrs resolves the module's classes through it
    sys.path.insert(0, str(TOURNAMENT.parent))  # it imports a sibling script, as a script does
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        sys.path.remove(str(TOURNAMENT.parent))
        del sys.modules["tournament"]


@pytest.fixture(scope="module")
def runs(tournament: Any) -> Any:
    """The rules player on both sides of three seeds (5: no deal possible), two agents."""
    return tournament.tournament((0, 1, 5), ["Boulware", "Conceder"], [tournament.RULES])


class TestTinyTournament:
    """The real rules against two NegMAS agents: the invariants every run must keep."""

    def test_no_exception_and_no_deal_worse_than_the_limit(self, runs: Any) -> None:
        """Every run ends cleanly, and no deal is worse than the player's own limit."""
        assert len(runs) == 3 * 2 * 2
        assert [r.error for r in runs if r.error] == []
        assert [(r.side, r.deal, r.limit) for r in runs if r.worse_than_limit] == []

    def test_each_decision_is_the_next_move(self, runs: Any) -> None:
        """What the negotiator did is what next_move said, every turn of every run."""
        expected = {"walk": "end", "accept": "accept"}
        for run in runs:
            scale = None
            for turn in run.turns:
                move = turn.move
                if move.action == "accept" and turn.their_offer is None:
                    continue  # nothing to accept: it stands on its offer
                assert turn.response == expected.get(move.action, "offer")
                if move.action in ("offer", "hold") and move.value is not None:
                    scale = scale or read_scale(price_ufun(run.side, run.limit,
                                                           mechanism().outcome_space))
                    assert turn.value == scale.snap(move.value)
