"""Reading situations from TOML files, TOML text and dicts, with field paths in errors."""

from __future__ import annotations

import heapq
import itertools
import math
import os
import stat
import tomllib
import typing
from collections.abc import Callable, Iterator, Mapping
from contextvars import ContextVar
from typing import Any, Literal

import attrs
import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)

from .errors import SHOWN_PROBLEMS, InconsistentField, Problem, SituationError, did_you_mean
from .settings import LIMITS, Settings
from .situation import MAX_AMOUNT, MIN_AMOUNT, Amount, Issue, Move, Situation

Hook = Callable[[object, Any], object]


class _Invalid(ValueError):
    """A field-level problem whose message is ready for the user."""


_KINDS = {bool: "boolean", str: "string", int: "integer", float: "number", dict: "table",
          list: "array"}


def _describe(value: object) -> str:
    kind = _KINDS.get(type(value), type(value).__name__)
    if isinstance(value, dict | list):
        return f"a {kind}"
    return f"{_clip(repr(value))} ({kind})"


def _clip(text: str) -> str:
    """Text shown in a message: at most 40 characters."""
    return text if len(text) <= 40 else text[:37] + "..."


DEFAULT_LIMITS = Settings()
"""The limits that apply when the caller gives none."""
_LIMITS: ContextVar[Settings] = ContextVar("limits", default=DEFAULT_LIMITS)
"""The caller's limits while a document is being structured (hooks are shared)."""


def _structure_str(value: object, _: Any) -> str:
    if not isinstance(value, str):
        raise _Invalid(f"expected a string, got {_describe(value)}")
    limit = _LIMITS.get().max_string_length
    if len(value) > limit:
        raise _Invalid(f"text is {len(value)} characters; the limit is {limit}")
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise _Invalid("text is not valid Unicode (lone surrogate)") from None
    return value


def _printable(key: object) -> str:
    """A key as it can be shown: surrogates escaped, long ones cut."""
    return _clip(str(key).encode("utf-8", "backslashreplace").decode("utf-8"))


def _structure_int(value: object, _: Any) -> int:
    # 30.0 is a whole number too (and JSON Schema's "integer" agrees).
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Invalid(f"expected a whole number, got {_describe(value)}")
    _check_range(value)
    return value


def _structure_float(value: object, _: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _Invalid(f"expected a number, got {_describe(value)}")
    if isinstance(value, int):
        _check_range(value)  # before float(): 10**400 has no float
    elif not math.isfinite(value):
        raise _Invalid(f"must be a finite number, got {value}")
    return value




def _structure_amount(value: object, _: Any) -> Amount:
    number = _structure_float(value, float)
    _check_range(number)
    if 0 < number < MIN_AMOUNT:
        raise _Invalid(f"must be 0 or at least {MIN_AMOUNT:.9f}, got {_number(number)}")
    return Amount(number)


def _check_range(number: float) -> None:
    if number < 0:
        raise _Invalid(f"must not be negative, got {_number(number)}")
    if number > MAX_AMOUNT:
        raise _Invalid(f"must be at most {MAX_AMOUNT:,}, got {_number(number)}")


def _number(number: float) -> str:
    """A number as the user wrote it, near enough: whole numbers exactly, with separators."""
    if isinstance(number, int):
        if abs(number) < 10**30:
            return f"{number:,}"
        return f"a number of about {int(abs(number).bit_length() * math.log10(2)) + 1:,} digits"
    return _clip(repr(number))


def _literal_factory(cl: Any) -> Hook:
    allowed = typing.get_args(cl)
    shown = ", ".join(repr(word) for word in allowed)
    words = [str(word) for word in allowed]

    def structure(value: object, _: Any) -> object:
        if value in allowed and type(value) is type(allowed[0]):
            return value
        hint = did_you_mean(value, words) if isinstance(value, str) else ""
        raise _Invalid(f"got {_describe(value)}, expected one of {shown}{hint}")

    return structure


def _is_literal(cl: Any) -> bool:
    return typing.get_origin(cl) is Literal


def _is_tuple(cl: Any) -> bool:
    return typing.get_origin(cl) is tuple


def _table_structurer(
    cl: type, converter: cattrs.Converter
) -> Callable[[Mapping[str, Any]], object]:
    """Structure a table into ``cl`` field by field, as cattrs' generated functions do with
    detailed validation and no extra keys, without generating and compiling one per class
    (that cost every process about 6 ms on its first situation)."""
    fields = [(field.name, field.alias, field.type, field.default is attrs.NOTHING,
               converter.get_structure_hook(field.type))
              for field in attrs.fields(attrs.resolve_types(cl)) if field.init]
    known = {name for name, *_ in fields}

    def structure(table: Mapping[str, Any]) -> object:
        values, errors = {}, []
        for name, alias, kind, required, hook in fields:
            if name in table or required:
                try:
                    values[alias] = hook(table[name], kind)
                except Exception as exc:
                    exc.add_note(AttributeValidationNote(
                        f"Structuring class {cl.__name__} @ attribute {name}", name, kind))
                    errors.append(exc)
        unknown = set(table) - known
        if unknown:
            errors.append(ForbiddenExtraKeysError("", cl, unknown))
        if not errors:
            try:
                return cl(**values)
            except Exception as exc:
                errors.append(exc)
        else:
            errors.extend(_cross_field_problems(cl, values))
        raise ClassValidationError(f"While structuring {cl.__name__}", errors, cl)

    return structure


def _cross_field_problems(cl: type, values: Mapping[str, object]) -> Iterator[InconsistentField]:
    """The checks between fields that pass on the fields that were read, so that a file
    with a bad field hears of its contradictions too. A field that could not be read holds
    its default (or None); a check that then cannot run is skipped."""
    instance: Any = object.__new__(cl)
    fields = attrs.fields(cl)
    for field in fields:
        value = values.get(field.alias, field.default)
        if isinstance(value, attrs.Factory) or value is attrs.NOTHING:  # type: ignore[arg-type]
            value = None
        elif field.converter is not None and field.alias in values:
            try:
                value = field.converter(value)
            except Exception:
                value = None
        object.__setattr__(instance, field.name, value)
    for field in fields:
        if field.validator is not None and field.alias in values:
            try:
                field.validator(instance, field, getattr(instance, field.name))
            except InconsistentField as problem:
                yield problem
            except Exception:  # it needed a field that could not be read
                pass


def _make_converter() -> cattrs.Converter:
    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook(float, _structure_float)
    converter.register_structure_hook(Amount, _structure_amount)
    converter.register_structure_hook_factory(_is_literal, _literal_factory)

    def tables(cl: type) -> Hook:
        structure = _table_structurer(cl, converter)

        def checked(value: object, _: Any) -> object:
            if not isinstance(value, Mapping):
                raise _Invalid(f"expected a table, got {_describe(value)}")
            if cl is Settings and any(key in value for key in LIMITS):
                raise ClassValidationError("limits in a situation file", [
                    InconsistentField(key, "is a limit set by the caller, not the file")
                    for key in LIMITS if key in value], cl)
            return structure(value)

        return checked

    def arrays(cl: Any) -> Hook:
        item = typing.get_args(cl)[0]

        def checked(value: object, _: Any) -> tuple[object, ...]:
            if not isinstance(value, list):
                raise _Invalid(f"expected an array, got {_describe(value)}")
            limits = _LIMITS.get()
            if item is Move and len(value) > limits.max_moves:
                raise _Invalid(f"has {len(value):,} moves; the limit is {limits.max_moves:,}")
            if item is Issue and len(value) > limits.max_issues:
                raise _Invalid(f"has {len(value):,} issues; the limit is {limits.max_issues:,}")
            structure_item = converter.get_structure_hook(item)
            items, errors = [], []
            for index, element in enumerate(value):
                try:
                    items.append(structure_item(element, item))
                except Exception as exc:
                    exc.add_note(IterableValidationNote(f"index {index}", index, item))
                    errors.append(exc)
            if errors:
                raise IterableValidationError(f"While structuring {cl!r}", errors, cl)
            return tuple(items)

        return checked

    converter.register_structure_hook_factory(attrs.has, tables)
    converter.register_structure_hook_factory(_is_tuple, arrays)
    return converter


_CONVERTER = _make_converter()


def _problems(exc: BaseException, path: str, cl: Any = None) -> Iterator[Problem]:
    """Flatten cattrs' exception tree into problems with field paths."""
    if isinstance(exc, ClassValidationError | IterableValidationError):
        with_notes, without = exc.group_exceptions()
        for sub, note in with_notes:
            step = f"[{note.index}]" if isinstance(note, IterableValidationNote) else \
                f".{note.name}"
            yield from _problems(sub, path + step, note.type)
        for sub in without:
            yield from _problems(sub, path, getattr(exc, "cl", None))
    elif isinstance(exc, ForbiddenExtraKeysError):
        known = [field.name for field in attrs.fields(exc.cl)]
        # Only the first few can be shown: spare the rest the hint (difflib) and the sort.
        keys = exc.extra_fields
        for key in sorted(map(_printable, heapq.nsmallest(SHOWN_PROBLEMS, keys, key=str))):
            hint = did_you_mean(key, known) or f"; allowed: {', '.join(known)}"
            yield Problem(_join(path, key), f"unknown key{hint}")
        for _ in range(len(keys) - SHOWN_PROBLEMS):
            yield Problem(path, "unknown key")
    elif isinstance(exc, InconsistentField):
        yield Problem(_join(path, exc.field), str(exc))
    elif isinstance(exc, KeyError):
        yield Problem(path.lstrip("."), "is required")
    else:
        yield Problem(path.lstrip("."), str(exc))


def _join(path: str, key: str) -> str:
    return f"{path}.{key}".lstrip(".")


def situation_from_dict(data: Mapping[str, Any], source: str | None = None,
                        limits: Settings | None = None) -> Situation:
    """Build a `Situation` from a parsed document; raise `SituationError` listing every problem.

    ``limits`` (a `Settings`) caps moves and text length; defaults apply when absent.
    """
    if not isinstance(data, Mapping):
        raise SituationError([Problem("", f"expected a table, got {_describe(data)}")], source)
    if not data:
        raise SituationError([Problem("", "is empty; a situation needs at least a "
                                          "[negotiation] table with side = \"buyer\" or "
                                          "\"seller\" (nrules init writes a template)")],
                             source)
    token = _LIMITS.set(limits or DEFAULT_LIMITS)
    try:
        return _CONVERTER.structure(data, Situation)
    except (ClassValidationError, IterableValidationError, _Invalid) as exc:
        found = _problems(exc, "")
        problems = list(itertools.islice(found, SHOWN_PROBLEMS))
        raise SituationError(problems, source, omitted=sum(1 for _ in found)) from exc
    except RecursionError as exc:
        raise SituationError([Problem("", "nested too deeply")], source) from exc
    finally:
        _LIMITS.reset(token)


def loads_situation(text: str, source: str | None = None,
                    limits: Settings | None = None) -> Situation:
    """Parse a situation from TOML text."""
    if not isinstance(text, str):
        raise SituationError([Problem("", f"expected TOML text (a str), got "
                                          f"{_describe(text)}")], source)
    try:
        data = tomllib.loads(text.removeprefix("\ufeff"))
    except tomllib.TOMLDecodeError as exc:
        raise SituationError([Problem("", f"invalid TOML: {exc}")], source) from exc
    except RecursionError as exc:
        raise SituationError([Problem("", "invalid TOML: nested too deeply")], source) from exc
    except ValueError as exc:  # Python reads integers of at most 4,300 digits
        raise SituationError([Problem("", "invalid TOML: an integer has more than 4,300 "
                                          "digits")], source) from exc
    return situation_from_dict(data, source, limits)


def load_situation(path: str | os.PathLike[str], limits: Settings | None = None) -> Situation:
    """Read a situation from a TOML file (a regular file: FIFOs and devices are refused)."""
    try:
        source = os.fspath(path)
    except TypeError as exc:
        raise SituationError([Problem("", f"expected a file path, got {_describe(path)}")]) \
            from exc
    if isinstance(source, bytes):
        source = os.fsdecode(source)
    try:
        # Non-blocking, so that opening a FIFO with no writer does not wait for one.
        handle = os.open(source, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError as exc:
        raise SituationError([Problem("", "file not found")], source) from exc
    except ValueError as exc:  # a NUL in the path
        raise SituationError([Problem("", "the path contains a NUL character")],
                             _printable(source.replace("\0", "\\0"))) from exc
    except OSError as exc:
        raise SituationError([Problem("", f"cannot read: {exc.strerror}")], source) from exc
    kind = os.fstat(handle).st_mode
    if not stat.S_ISREG(kind):
        os.close(handle)
        if stat.S_ISDIR(kind):
            raise SituationError([Problem("", "is a directory, not a file")], source)
        raise SituationError([Problem("", "is not a regular file (a pipe, device or socket); "
                                          "to read a stream, pass '-' and redirect it")], source)
    os.set_blocking(handle, True)
    with open(handle, "rb") as stream:
        try:
            raw = read_limited(stream, limits, source)
        except OSError as exc:
            raise SituationError([Problem("", f"cannot read: {exc.strerror}")], source) from exc
    return loads_situation(decode(raw, source), source, limits)


def read_limited(stream: typing.BinaryIO, limits: Settings | None = None,
                 source: str | None = None) -> bytes:
    """Read a whole stream, refusing one longer than ``limits.max_file_bytes``."""
    limit = (limits or DEFAULT_LIMITS).max_file_bytes
    raw = stream.read(limit + 1)
    if len(raw) > limit:
        raise SituationError([Problem("", f"is larger than the limit of {limit:,} bytes")],
                             source)
    return raw


def decode(raw: bytes, source: str | None = None) -> str:
    """Decode a situation file's bytes as UTF-8 text, refusing binary data."""
    try:
        if b"\x00" in raw:
            raise ValueError
        return raw.decode("utf-8")
    except ValueError as exc:
        raise SituationError([Problem("", "not a UTF-8 text file")], source) from exc


def situation_to_dict(situation: Situation) -> dict[str, Any]:
    """The situation as a document `situation_from_dict` reads back (no nulls, no limits)."""
    data = _drop_none(attrs.asdict(situation))
    for key in LIMITS:
        data["settings"].pop(key, None)
    return typing.cast(dict[str, Any], data)


def _drop_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _drop_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [_drop_none(item) for item in value]
    return value
