"""Bad input gives one SituationError naming every problem by its field path."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from negotiation_rules import (
    NegotiationRulesError,
    Problem,
    SituationError,
    load_situation,
    loading,
    loads_situation,
    situation_from_dict,
)

BASE = '[negotiation]\nside = "seller"\n'


def problems(text: str) -> dict[str, str]:
    """Path -> message for every problem in a TOML document."""
    with pytest.raises(SituationError) as caught:
        loads_situation(text)
    return {p.path: p.message for p in caught.value.problems}


class TestFieldProblems:
    """Each kind of mistake is reported at its path with what is allowed."""

    def test_missing_side(self) -> None:
        assert problems("[negotiation]\n") == {"negotiation.side": "is required"}

    def test_missing_negotiation_table(self) -> None:
        assert problems('[you]\nneed = "low"\n') == {"negotiation": "is required"}

    @pytest.mark.parametrize(("text", "path", "suggestion"), [
        ('[negotiation]\nsid = "seller"\n', "negotiation.sid", "'side'"),
        (BASE + "[you]\nreservaton = 5\n", "you.reservaton", "'reservation'"),
        (BASE + '[[moves]]\nby = "you"\ntype = "offer"\nvalu = 5\n', "moves[0].valu", "'value'"),
        (BASE + "[settingz]\n", "settingz", "'settings'"),
    ], ids=["top-level table", "nested key", "key in an array item", "table name"])
    def test_unknown_key_did_you_mean(self, text: str, path: str, suggestion: str) -> None:
        assert f"did you mean {suggestion}?" in problems(text)[path]

    def test_unknown_key_far_from_any_lists_allowed(self) -> None:
        message = problems(BASE + "[them]\nzzz = 1\n")["them.zzz"]
        assert "allowed: reservation, need, batna, deadline_days" in message

    @pytest.mark.parametrize(("text", "path", "expected"), [
        (BASE + "[you]\ntarget = \"lots\"\n", "you.target", "expected a number, got 'lots'"),
        (BASE + "[you]\ndeadline_days = 2.5\n", "you.deadline_days", "expected a whole number"),
        (BASE + "[you]\ndeadline_days = inf\n", "you.deadline_days", "expected a whole number"),
        (BASE + "[value]\nsources = \"a survey\"\n", "value.sources", "expected an array"),
        (BASE + "[value]\nsources = [1]\n", "value.sources[0]", "expected a string"),
        ("you = 3\n" + BASE, "you", "expected a table, got 3 (integer)"),
        (BASE + "[you]\ntarget = true\n", "you.target", "expected a number, got True"),
    ], ids=["string for number", "float for int", "infinite int", "string for array",
            "int in string array", "number for table", "boolean for number"])
    def test_wrong_types(self, text: str, path: str, expected: str) -> None:
        assert expected in problems(text)[path]

    def test_a_blank_issue_name_is_refused(self) -> None:
        """The advice names issues ("ask for delivery"): a blank one read "ask for ' '",
        and a plan in exchange for ' ' was then called caving."""
        assert problems(BASE + '[[issues]]\nname = " \t"\n')["issues[0].name"] == \
            "must not be blank"

    def test_enum_typo_lists_values_and_suggests(self) -> None:
        message = problems(BASE + '[you]\nneed = "critcal"\n')["you.need"]
        assert "expected one of 'low', 'medium', 'high', 'critical'" in message
        assert "did you mean 'critical'?" in message

    @pytest.mark.parametrize("number", ["nan", "inf", "-inf", "-5"])
    def test_non_finite_or_negative_numbers(self, number: str) -> None:
        message = problems(BASE + f"[you]\ntarget = {number}\n")["you.target"]
        assert "finite" in message or "negative" in message

    def test_offer_without_value(self) -> None:
        found = problems(BASE + '[[moves]]\nby = "them"\ntype = "offer"\n')
        assert found == {"moves[0].value": "is required for a move of type 'offer'"}

    def test_planned_offer_without_value(self) -> None:
        found = problems(BASE + '[plan]\nmove = "anchor"\n')
        assert found == {"plan.value": "is required when the planned move is an offer"}

    def test_low_above_high(self) -> None:
        found = problems(BASE + "[value]\nlow = 10\nhigh = 5\n")
        assert found == {"value.high": "must be at least low (10), got 5"}

    @pytest.mark.parametrize(("side", "target", "reservation"), [
        ("seller", 100, 120), ("buyer", 120, 100)])
    def test_target_worse_than_reservation(self, side: str, target: int,
                                           reservation: int) -> None:
        text = f'[negotiation]\nside = "{side}"\n[you]\ntarget = {target}\n' \
               f"reservation = {reservation}\n"
        assert "cannot be" in problems(text)["you.target"]

    def test_moves_as_a_table(self) -> None:
        found = problems(BASE + '[moves]\nby = "you"\n')
        assert found == {"moves": "expected an array, got a table"}

    def test_every_problem_is_reported(self) -> None:
        """Problems in several tables and array items come back together."""
        found = problems('[negotiation]\nside = "sellr"\n[you]\nneed = 3\n'
                         '[[moves]]\nby = "me"\ntype = "offer"\nvalue = 1\n'
                         '[[moves]]\nby = "you"\ntype = "bid"\nvalue = 2\n')
        assert set(found) == {"negotiation.side", "you.need", "moves[0].by", "moves[1].type"}

    def test_settings_out_of_range(self) -> None:
        found = problems(BASE + "[settings]\nunreciprocated_limit = 0\n")
        assert found == {"settings.unreciprocated_limit": "must be from 1 to 1000, got 0"}


class TestDocuments:
    """Whole-document problems: syntax, files, and the error types."""

    def test_toml_syntax_error_keeps_line_and_column(self) -> None:
        with pytest.raises(SituationError, match=r"line 2, column 8"):
            loads_situation('[negotiation]\nside = \n')

    def test_error_is_a_value_error_and_the_package_error(self) -> None:
        with pytest.raises(SituationError) as caught:
            loads_situation("")
        assert isinstance(caught.value, ValueError)
        assert isinstance(caught.value, NegotiationRulesError)

    def test_missing_file(self, tmp_path: Path) -> None:
        with pytest.raises(SituationError, match="file not found"):
            load_situation(tmp_path / "nope.toml")

    def test_directory(self, tmp_path: Path) -> None:
        with pytest.raises(SituationError, match="is a directory"):
            load_situation(tmp_path)

    def test_binary_file(self, tmp_path: Path) -> None:
        path = tmp_path / "image.toml"
        path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
        with pytest.raises(SituationError, match="not a UTF-8 text file"):
            load_situation(path)

    def test_unreadable_file(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """A permission error (simulated: the suite may run as root) is reported, not raised."""
        path = tmp_path / "secret.toml"
        path.write_text(BASE)

        def refuse(file: object, flags: int) -> int:
            raise PermissionError(13, "Permission denied", str(file))

        monkeypatch.setattr(loading.os, "open", refuse)
        with pytest.raises(SituationError, match="cannot read: Permission denied"):
            load_situation(path)

    def test_error_names_the_source(self, tmp_path: Path) -> None:
        path = tmp_path / "deal.toml"
        path.write_text("[negotiation]\n")
        with pytest.raises(SituationError) as caught:
            load_situation(path)
        assert str(caught.value) == f"{path}: negotiation.side: is required"

    def test_dict_must_be_a_mapping(self) -> None:
        with pytest.raises(SituationError, match="expected a table"):
            situation_from_dict([1, 2])  # type: ignore[arg-type]


class TestDefaults:
    """What is inferred when the file is silent."""

    def test_stage_follows_the_moves(self) -> None:
        assert loads_situation(BASE).stage == "preparation"
        moved = loads_situation(BASE + '[[moves]]\nby = "you"\ntype = "offer"\nvalue = 1\n')
        assert moved.stage == "bargaining"

    def test_confidence_defaults_from_range_and_sources(self) -> None:
        sourced = loads_situation(BASE + '[value]\nlow = 1\nhigh = 2\nsources = ["x"]\n')
        bare = loads_situation(BASE + "[value]\nlow = 1\nhigh = 2\n")
        assert sourced.value.effective_confidence == "medium"
        assert bare.value.effective_confidence == "none"

    def test_plan_aliases_mean_offer(self) -> None:
        for alias in ("anchor", "counter", "concede"):
            plan = loads_situation(BASE + f'[plan]\nmove = "{alias}"\nvalue = 1\n').plan
            assert plan is not None and plan.move == "offer"


def test_a_flood_of_problems_is_summarised() -> None:
    """Thousands of bad moves: the first 50 kept and shown, the rest counted."""
    moves = [{"by": "you", "type": "offer", "value": -1}] * 2000
    with pytest.raises(SituationError) as caught:
        situation_from_dict({"negotiation": {"side": "buyer"}, "moves": moves})
    assert (len(caught.value.problems), caught.value.omitted) == (50, 1950)
    lines = str(caught.value).splitlines()
    assert len(lines) == 51
    assert lines[-1] == "... and 1,950 more problems"


def test_odd_keys_are_reported_printably() -> None:
    """Non-string, surrogate and very long keys: named in an encodable, short message."""
    with pytest.raises(SituationError) as caught:
        situation_from_dict({"negotiation": {"side": "buyer", "\ud800": 1, 7: 2,
                                             "k" * 500: 3}})
    text = str(caught.value)
    text.encode("utf-8")
    assert {p.path for p in caught.value.problems} == {
        "negotiation.\\ud800", "negotiation.7", "negotiation." + "k" * 37 + "..."}


def test_whole_floats_count_as_whole_numbers() -> None:
    situation = loads_situation(BASE + "[you]\ndeadline_days = 30.0\n")
    assert situation.you.deadline_days == 30
    assert type(situation.you.deadline_days) is int


class TestHostileDocuments:
    """Issue 14: odd input is a SituationError with a plain message, never another error."""

    @pytest.mark.parametrize("value", ["5e-324", "1e-300", "0.0000000005"])
    def test_amounts_too_small_to_compute_with(self, value: str) -> None:
        assert problems(BASE + f"[you]\ntarget = {value}\n") == {
            "you.target": f"must be 0 or at least 0.000000001, got {float(value)!r}"}

    def test_an_amount_just_over_the_maximum_is_shown_exactly(self) -> None:
        assert problems(BASE + "[you]\ntarget = 1_000_000_000_000_001\n") == {
            "you.target": "must be at most 1,000,000,000,000,000, got 1,000,000,000,000,001"}

    def test_an_integer_with_no_float(self) -> None:
        with pytest.raises(SituationError) as caught:
            situation_from_dict({"negotiation": {"side": "buyer"}, "you": {"target": 10**400}})
        assert str(caught.value) == ("you.target: must be at most 1,000,000,000,000,000, got a "
                                     "number of about 401 digits")

    def test_an_integer_of_more_than_4300_digits(self) -> None:
        with pytest.raises(SituationError, match=r"^invalid TOML: an integer has more than 4,300 "
                                                 r"digits$"):
            loads_situation(BASE + "[you]\ntarget = " + "9" * 5000 + "\n")

    @pytest.mark.parametrize(("path", "message"), [
        ("a\0b.toml", r"^a\\0b\.toml: the path contains a NUL character$"),
        (3, r"^expected a file path, got 3 \(integer\)$"),
        (None, r"^expected a file path, got None \(NoneType\)$"),
    ], ids=["nul", "int", "none"])
    def test_bad_paths(self, path: object, message: str) -> None:
        with pytest.raises(SituationError, match=message):
            load_situation(path)  # type: ignore[arg-type]

    def test_text_that_is_not_a_string(self) -> None:
        with pytest.raises(SituationError, match=r"^expected TOML text \(a str\), got b'"):
            loads_situation(BASE.encode())  # type: ignore[arg-type]

    def test_a_fifo_is_refused_without_waiting_for_a_writer(self, tmp_path: Path) -> None:
        fifo = tmp_path / "pipe.toml"
        os.mkfifo(fifo)
        with pytest.raises(SituationError, match="is not a regular file"):
            load_situation(fifo)

    def test_a_device_is_refused(self) -> None:
        with pytest.raises(SituationError, match="is not a regular file"):
            load_situation("/dev/zero")

    def test_a_byte_order_mark_is_skipped(self, tmp_path: Path) -> None:
        path = tmp_path / "bom.toml"
        path.write_bytes(b"\xef\xbb\xbf" + BASE.encode())
        assert load_situation(path).negotiation.side == "seller"

    @pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n"])
    def test_an_empty_document_says_what_a_situation_needs(self, text: str) -> None:
        assert problems(text) == {"": 'is empty; a situation needs at least a [negotiation] '
                                      'table with side = "buyer" or "seller" (nrules init '
                                      'writes a template)'}

    def test_contradictions_are_reported_with_field_errors(self) -> None:
        found = problems('[negotiation]\nside = "buyer"\n[you]\ntarget = 100\nreservation = 50\n'
                         '[value]\nlow = 9\nhigh = 3\nconfidence = "certain"\n')
        assert set(found) == {"you.target", "value.high", "value.confidence"}

    def test_too_many_issues(self) -> None:
        with pytest.raises(SituationError, match=r"^issues: has 1,001 issues; the limit is "
                                                 r"1,000$"):
            situation_from_dict({"negotiation": {"side": "buyer"},
                                 "issues": [{"name": "x"}] * 1001})

    def test_a_million_unknown_keys_are_counted(self) -> None:
        keys = {f"k{i:07}": 1 for i in range(1_000_000)}
        with pytest.raises(SituationError) as caught:
            situation_from_dict({"negotiation": {"side": "buyer", **keys}})
        assert caught.value.problems[0].path == "negotiation.k0000000"
        assert caught.value.omitted == 1_000_000 - 50


def test_an_error_crosses_processes_whole() -> None:
    """A worker process raising it hands over the problems, not just the message."""
    import pickle

    error = SituationError([Problem("a", "b")] * 60, "deal.toml")
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.problems, copy.source, copy.omitted, str(copy)) == (
        error.problems, "deal.toml", 10, str(error))
