"""What reaches a terminal: control characters in stored text are shown, never obeyed.

Article text, outlet names, file names and JSON ids come from outside; an escape sequence in any
of them (``\\x1b]0;title\\x07``, ``\\x1b[2J``) would retitle or clear the user's terminal if it
were printed as it is. :func:`printable` draws each control character as its Unicode control
picture (``␛``), one character for one, so offsets into a text stay true and tables keep their
widths. Tab, line feed and carriage return stay what they are. JSON output keeps the data exact
and escapes them instead (:func:`json_text`); CSV is data for files and is written as stored.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

_KEPT = "\t\n\r"
_PICTURES = {code: chr(0x2400 + code) for code in range(0x20) if chr(code) not in _KEPT}
_PICTURES[0x7F] = "\u2421"  # ␡
_PICTURES.update({code: "\ufffd" for code in range(0x80, 0xA0)})  # C1 controls (0x9b is a CSI) have no pictures


# JSON escapes C0 controls itself; DEL and the C1 controls it writes as they are, unless told.
_JSON_ESCAPES = {code: f"\\u{code:04x}" for code in (0x7F, *range(0x80, 0xA0))}


def json_text(value, **options) -> str:
    r"""``json.dumps(value, ensure_ascii=False)``, with no control character left unescaped.

    >>> json_text({"text": "Kami\x1b[2J\x9b siap"})
    '{"text": "Kami\\u001b[2J\\u009b siap"}'
    """
    return json.dumps(value, ensure_ascii=False, **options).translate(_JSON_ESCAPES)


def printable(text: str) -> str:
    """``text`` with every control character but tab and line breaks drawn as a visible one.

    >>> printable("Kami\\x1b[2J siap\\x07")
    'Kami␛[2J siap␇'
    """
    return text.translate(_PICTURES)


def printable_row(row: dict) -> dict:
    """A record with each of its texts (and the texts of its nested records) made printable."""
    return {key: _printable_value(value) for key, value in row.items()}


def printable_rows(rows: Iterable[dict]) -> list[dict]:
    return [printable_row(row) for row in rows]


def _printable_value(value):
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, dict):
        return printable_row(value)
    if isinstance(value, list):
        return [_printable_value(item) for item in value]
    return value
