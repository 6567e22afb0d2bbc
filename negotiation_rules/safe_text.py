"""User strings made safe to print: on a terminal (no escape sequences) and in Markdown
(no markup of their own)."""

from __future__ import annotations

import re

_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves, clear screen
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC: window title, hyperlinks
    r"|\x1b[@-Z\\-_]"  # the other two-character escapes
)
_WHITESPACE = re.compile(r"[\t\n\r\v\f\x85\u2028\u2029]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""C0 and C1 controls, DEL, and the bidirectional overrides that reorder what is shown."""


def printable(text: str) -> str:
    """``text`` on one line with no escape sequence or control character left:
    line breaks and tabs become a space, escape sequences and controls are dropped."""
    text = _ESCAPE_SEQUENCE.sub("", text)
    return _CONTROL.sub("", _WHITESPACE.sub(" ", text))


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")
"""What Markdown reads as markup inside a line: emphasis, code, links, HTML, entities,
table cells. (Line-start markers such as ``#`` cannot occur: the text is one line, and
never printed at the start of one.)"""


def markdown_escaped(text: str) -> str:
    """``text`` as literal Markdown inline text: every character Markdown (or the HTML it
    allows) would read as markup is backslash-escaped, on one line."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", printable(text))
