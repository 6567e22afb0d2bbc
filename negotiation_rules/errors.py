"""The exceptions the package raises on purpose, and the hints their messages give."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs

from .record import Record

SHOWN_PROBLEMS = 50
"""A `SituationError` keeps this many problems, and counts the rest."""


class NegotiationRulesError(Exception):
    """Base class of every error this package raises deliberately."""


class KnowledgeBaseError(NegotiationRulesError, ValueError):
    """A knowledge base cannot be built from these rules (raised when rules are added)."""


class RuleClash(KnowledgeBaseError):
    """A rule's code or method name collides with another rule or with the engine."""


class UnknownFactField(KnowledgeBaseError):
    """A rule's pattern tests a field its fact type does not have: it would never match."""


class UndeclaredRule(KnowledgeBaseError):
    """A rule not declared with `negotiation_rules.rule`, or a rule class holding none."""


class NoHeadlineRule(KnowledgeBaseError):
    """No headline rule is left: no answer could name a tool."""


class RuleFailure(NegotiationRulesError, RuntimeError):
    """A rule broke the engine's contract while running (a headline rule advised twice)."""


@attrs.frozen(eq=False, repr=False)
class Problem(Record):
    """One thing wrong with a situation.

    Attributes:
        path: Where it is, as ``moves[2].value`` (empty for the whole document).
        message: What was wrong and what is allowed.
    """

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class SituationError(NegotiationRulesError, ValueError):
    """The situation cannot be read: the problems found, each with its field path.

    Attributes:
        problems: The first `SHOWN_PROBLEMS` problems, in document order.
        omitted: How many more problems there were.
        source: The file or stream read, if any.
    """

    def __init__(self, problems: Sequence[Problem], source: str | None = None,
                 omitted: int = 0) -> None:
        self.problems = tuple(problems[:SHOWN_PROBLEMS])
        self.omitted = omitted + len(problems) - len(self.problems)
        self.source = source
        super().__init__(str(self))

    def __reduce__(self) -> tuple[type[SituationError], tuple[object, ...]]:
        # Rebuilt whole in another process (a pool's worker raising it), not from its text.
        return (type(self), (self.problems, self.source, self.omitted))

    def __str__(self) -> str:
        where = f"{self.source}: " if self.source else ""
        shown = [f"{where}{problem}" for problem in self.problems]
        if self.omitted:
            shown.append(f"{where}... and {self.omitted:,} more problems")
        return "\n".join(shown)


class InconsistentField(ValueError):
    """Raised by a model validator: ``field`` names the attribute at fault."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(message)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """``"; did you mean 'seller'?"`` for the closest choice, or "" when none is close."""
    import difflib  # only bad input needs it

    match = difflib.get_close_matches(word, list(choices), n=1)
    return f"; did you mean {match[0]!r}?" if match else ""
