"""Durations as people write them on the command line: ``10m``, ``30s``, ``1.5``, ``500ms``, ``2h``."""

from __future__ import annotations

import re

_UNITS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$", re.IGNORECASE)


def parse_duration(text: str) -> float:
    """Seconds in a duration: a number with an optional unit (``ms``, ``s``, ``m``, ``h``, ``d``;
    seconds without one).

    >>> parse_duration("10m"), parse_duration("1.5"), parse_duration("500ms"), parse_duration("2h")
    (600.0, 1.5, 0.5, 7200.0)
    >>> parse_duration("soon")
    Traceback (most recent call last):
    ...
    ValueError: 'soon' is not a duration; write a number with an optional unit: 500ms, 30s, 10m, 2h, 1d.
    """
    match = _DURATION.match(text)
    if not match:
        raise ValueError(f"{text!r} is not a duration; write a number with an optional unit: 500ms, 30s, 10m, 2h, 1d.")
    return float(match[1]) * _UNITS[(match[2] or "s").lower()]


def describe_duration(seconds: float) -> str:
    """A duration for a message: ``10m``, ``1.5s``, ``2h``.

    >>> describe_duration(600), describe_duration(1.5), describe_duration(0.25), describe_duration(5400)
    ('10m', '1.5s', '250ms', '1h30m')
    """
    if seconds < 1:
        return f"{seconds * 1000:.0f}ms"
    if seconds < 60:
        return f"{seconds:g}s"
    minutes, rest = divmod(round(seconds), 60)
    if minutes < 60:
        return f"{minutes}m" + (f"{rest}s" if rest else "")
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h" + (f"{minutes}m" if minutes else "")
