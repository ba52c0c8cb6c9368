"""How each outlet worded the same claim: word-level diffs against the claim's statement.

This module owns the comparison view of one claim (a record as ``storage.list_claims`` yields it).
The pivot is the claim's statement, its canonical wording (the member the others most probably
state: ``matching.clustering``), shown as the headline; every other member is shown as a
word-level diff against it, with its probability of stating it. :func:`word_diff` is the pure
part; :func:`claim_diff` returns a rich renderable and :func:`claim_diff_html` a standalone HTML
page. Nothing here prints.

Tokens are words, with hyphenated words (``kesia-siaan``, ``Rusia-Iran``) and numbers
(``1.000``, ``3,5``) kept whole, and single punctuation marks, each carrying the whitespace
that follows it. Matching compares the tokens without their whitespace, so a changed comma or
quote mark is a one-character change, not a changed word; whitespace is carried into the
segments so that the segments add up to the texts exactly. Where the console shows no styles (output piped to a file,
``NO_COLOR``), changes are bracketed as ``git diff --word-diff=plain`` does: ``[-deleted-]{+inserted+}``.
"""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from claimtrack.presenting import marks
from claimtrack.presenting.quotes import KIND_STYLES, date_label, probability_text
from claimtrack.presenting.terminal import printable_row

EQUAL, INSERT, DELETE = "equal", "insert", "delete"

SEGMENT_STYLES = {EQUAL: "", INSERT: "green underline", DELETE: "red strike"}
HTML_TAGS = {INSERT: "ins", DELETE: "del"}
# For consoles without styles, as `git diff --word-diff=plain` writes them.
PLAIN_MARKERS = {EQUAL: ("", ""), INSERT: ("{+", "+}"), DELETE: ("[-", "-]")}

# Numbers with separators, then words joined by hyphens or apostrophes, then any single other mark.
_TOKEN = re.compile(r"(\d+(?:[.,:/]\d+)+|\w+(?:[-'’]\w+)*|[^\w\s])(\s*)")
_LEADING_SPACE = re.compile(r"\s*")


class ClaimWithoutMembers(ValueError):
    """A claim record with no members has nothing to compare."""


class _Token(NamedTuple):
    word: str
    space: str


def _tokens(text: str) -> list[_Token]:
    # The empty first token holds leading whitespace, so every character belongs to a token.
    leading = _LEADING_SPACE.match(text).group()
    return [_Token("", leading)] + [_Token(m.group(1), m.group(2)) for m in _TOKEN.finditer(text, len(leading))]


def _joined(tokens: Sequence[_Token]) -> str:
    return "".join(token.word + token.space for token in tokens)


def word_diff(pivot: str, other: str) -> list[tuple[str, str]]:
    """Segments that turn ``pivot`` into ``other``, word by word.

    Parameters
    ----------
    pivot, other
        The two wordings.

    Returns
    -------
    list of (label, text)
        ``label`` is ``"equal"``, ``"delete"`` (only in ``pivot``) or ``"insert"`` (only in
        ``other``); a replacement is a delete followed by an insert. Adjacent segments never share
        a label and no text is empty. Joining the equal and delete texts gives ``pivot`` back;
        joining the equal and insert texts gives ``other``.

    Examples
    --------
    >>> word_diff("sanksi menunjukkan kesia-siaan,", "sanksi terbukti sia-sia,")
    [('equal', 'sanksi '), ('delete', 'menunjukkan kesia-siaan'), ('insert', 'terbukti sia-sia'), ('equal', ',')]
    >>> word_diff("tingkat yang baru.", "tingkat yang baru,")
    [('equal', 'tingkat yang baru'), ('delete', '.'), ('insert', ',')]
    """
    old, new = _tokens(pivot), _tokens(other)
    matcher = difflib.SequenceMatcher(None, [t.word for t in old], [t.word for t in new], autojunk=False)
    segments: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == EQUAL:
            for before, after in zip(old[i1:i2], new[j1:j2], strict=True):
                segments.append((EQUAL, before.word))
                segments += [(EQUAL, before.space)] if before.space == after.space else [
                    (DELETE, before.space), (INSERT, after.space)]
        else:
            segments += [(DELETE, _joined(old[i1:i2])), (INSERT, _joined(new[j1:j2]))]
    return _merged(_tidied(segments))


def _tidied(segments: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """Each run of changes as one deletion then one insertion, whitespace both share left unmarked.

    Without this, ``direncanakan, meskipun`` against ``direncanakan meskipun`` reads as a changed
    space plus a deleted comma rather than the deleted comma alone.
    """
    tidy: list[tuple[str, str]] = []
    removed, added = [], []

    def close_run() -> None:
        deleted, inserted = "".join(removed), "".join(added)
        head = _shared_space(deleted, inserted)
        deleted, inserted = deleted[len(head):], inserted[len(head):]
        tail = _shared_space(deleted[::-1], inserted[::-1])[::-1]
        if tail:
            deleted, inserted = deleted[:-len(tail)], inserted[:-len(tail)]
        tidy.extend([(EQUAL, head), (DELETE, deleted), (INSERT, inserted), (EQUAL, tail)])
        removed.clear()
        added.clear()

    for label, text in segments:
        if label == EQUAL:
            close_run()
            tidy.append((label, text))
        else:
            (removed if label == DELETE else added).append(text)
    close_run()
    return tidy


def _shared_space(first: str, second: str) -> str:
    """The whitespace both strings start with."""
    shared = []
    for a, b in zip(first, second, strict=False):
        if a != b or not a.isspace():
            break
        shared.append(a)
    return "".join(shared)


def _merged(segments: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    merged: list[tuple[str, str]] = []
    for label, text in segments:
        if not text:
            continue
        if merged and merged[-1][0] == label:
            merged[-1] = (label, merged[-1][1] + text)
        else:
            merged.append((label, text))
    return merged


def pivot_member(members: Sequence[dict]) -> dict:
    """The canonical member (the claim's statement); for a claim stored before claims had one,
    the earliest member: by date (undated last), then by article id."""
    canonical = [m for m in members if m.get("canonical")]
    return canonical[0] if canonical else min(
        members, key=lambda m: (m.get("date") is None, m.get("date") or "", m.get("article_id") or 0))


def pivot_name(pivot: dict) -> str:
    """What the pivot is called: the statement, or the earliest report of a claim without one."""
    return "the statement" if pivot.get("canonical") else "the earliest report"


def _ordered_members(claim: dict) -> tuple[dict, list[dict]]:
    members = claim.get("members") or []
    if not members:
        raise ClaimWithoutMembers(
            f"Claim {claim.get('id', '?')} has no members to compare. Recompute claims with: claimtrack match"
        )
    pivot = pivot_member(members)
    return pivot, [member for member in members if member is not pivot]


def _outlet_count(claim: dict) -> int:
    return claim.get("outlets") or len({member.get("outlet") for member in claim["members"]})


def _spaced(text: str) -> tuple[str, str, str]:
    """Leading whitespace, the rest, trailing whitespace: marks are drawn on the rest only."""
    core = text.strip()
    if not core:
        return text, "", ""
    start = text.index(core)
    return text[:start], core, text[start + len(core):]


def segments_text(segments: Sequence[tuple[str, str]], *, show: Sequence[str] = (EQUAL, DELETE, INSERT),
                  markers: bool = False) -> Text:
    """A rich Text of the segments whose label is in ``show``; inserts and deletes styled.

    ``markers`` also brackets them (``[-deleted-]{+inserted+}``) for consoles that show no styles.
    Without markers, a space is added between a deletion and the insertion that replaces it, so
    the two stay legible.
    """
    text = Text()
    previous = None
    for label, segment in segments:
        if label not in show:
            continue
        before, core, after = _spaced(segment)
        if previous == DELETE and label == INSERT and not markers and not before and not text.plain[-1:].isspace():
            text.append(" ")
        opening, closing = PLAIN_MARKERS[label] if markers and core else ("", "")
        text.append(before)
        text.append(f"{opening}{core}{closing}", style=SEGMENT_STYLES[label])
        text.append(after)
        previous = label
    return text


class _StyledOrMarked:
    """A Text built once the console is known: styled where it shows styles, bracketed where it does not."""

    def __init__(self, build: Callable[[bool], Text]) -> None:
        self.build = build

    def _text(self, console: Console) -> Text:
        return self.build(console.color_system is None or console.no_color)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self._text(console)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self._text(console))


def _diff_cell(segments: Sequence[tuple[str, str]], show: Sequence[str] = (EQUAL, DELETE, INSERT)) -> _StyledOrMarked:
    return _StyledOrMarked(lambda markers: segments_text(segments, show=show, markers=markers))


def _header(claim: dict, pivot: dict) -> Group:
    outlets = _outlet_count(claim)
    header = Text.assemble(
        (f"Claim {claim.get('id', '?')}", "bold"), " · ", (claim.get("speaker_name") or "unknown speaker", "bold"),
        f" · {outlets} outlet{'s' if outlets != 1 else ''}",
    )
    statement = Text.assemble(("“", "bold"), (pivot["text"], "bold"), ("”", "bold"))

    def legend(markers: bool) -> Text:
        deleted, inserted = ("[-words-]", "{+words+}") if markers else ("struck through", "underlined")
        return Text.assemble(
            f"Against {pivot_name(pivot)}, as ", (pivot.get("outlet") or "?", "bold"),
            f" {_date(pivot)} worded it: ", (deleted, SEGMENT_STYLES[DELETE]), " only there, ",
            (inserted, SEGMENT_STYLES[INSERT]), " only in the outlet's version; p: the probability that the "
            "version states it.",
        )

    return Group(header, statement, _StyledOrMarked(legend))


def _kind(member: dict) -> Text:
    """The member's kind, ``?`` after it when its speaker is less sure (:mod:`marks`)."""
    kind = member.get("kind") or ""
    text = Text(kind, style=KIND_STYLES.get(kind, ""))
    if marks.low_confidence(member):
        text.append(f" {marks.UNSURE_SPEAKER}", style="bold yellow")
    return text


def _date(member: dict) -> str:
    """The member's date as every claimtrack table shows it: ``~`` when inferred, `undated` without one."""
    return date_label({"published": member.get("date"), "date_source": member.get("date_source")})


def claim_diff(claim: dict, *, side_by_side: bool = False) -> RenderableType:
    """How each outlet worded ``claim``: its statement as the headline, and every version diffed
    word by word against it, with its probability of stating it.

    Parameters
    ----------
    claim
        A record as ``storage.list_claims`` yields it: ``id``, ``speaker_name``, ``outlets`` and
        ``members`` with ``outlet``, ``date``, ``article_id``, ``kind``, ``text``, ``probability``
        and ``canonical``.
    side_by_side
        One row per other member, the pivot's wording (deletions marked) beside the member's
        (insertions marked), instead of one inline diff per member.

    Raises
    ------
    ClaimWithoutMembers
        When the claim has no members.
    """
    claim = printable_row(claim)
    pivot, others = _ordered_members(claim)
    marked = "(statement)" if pivot.get("canonical") else "(earliest)"
    table = Table(show_lines=True, expand=True)
    table.add_column("outlet", style="bold", max_width=20, overflow="fold")
    table.add_column("date", no_wrap=True)
    table.add_column("kind", no_wrap=True)
    table.add_column("p", no_wrap=True, justify="right")
    if side_by_side:
        table.add_column(f"{pivot.get('outlet') or '?'} {marked}", ratio=5)
        table.add_column("this outlet", ratio=5)
        for member in others:
            segments = word_diff(pivot["text"], member["text"])
            table.add_row(
                Text(member.get("outlet") or "?"), Text(_date(member)), _kind(member),
                Text(probability_text(member)), _diff_cell(segments, show=(EQUAL, DELETE)),
                _diff_cell(segments, show=(EQUAL, INSERT)),
            )
        if not others:
            table.add_row(Text(pivot.get("outlet") or "?"), Text(_date(pivot)), _kind(pivot), Text(""),
                          Text(pivot["text"]), Text("(no other outlet)", style="dim"))
    else:
        table.add_column("wording", ratio=10)
        table.add_row(Text(pivot.get("outlet") or "?"), Text(_date(pivot)), _kind(pivot), Text(""),
                      Text.assemble(Text(pivot["text"]), (f"  {marked}", "dim")))
        for member in others:
            table.add_row(Text(member.get("outlet") or "?"), Text(_date(member)), _kind(member),
                          Text(probability_text(member)), _diff_cell(word_diff(pivot["text"], member["text"])))
    return Group(_header(claim, pivot), table)


_CSS = """
body { font-family: system-ui, sans-serif; margin: 2rem; color: #222; max-width: 70rem; }
h1 { font-size: 1.3rem; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #ccc; padding: .4rem .6rem; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
tr.pivot td { background: #fafafa; }
td.date, td.kind { white-space: nowrap; }
ins { color: #05610b; background: #e6ffe6; text-decoration: underline; }
del { color: #a40000; background: #ffe6e6; text-decoration: line-through; }
.note { color: #666; }
blockquote.statement { font-size: 1.15rem; font-weight: bold; margin: 1rem 0; }
"""


def _segments_html(segments: Sequence[tuple[str, str]]) -> str:
    parts = []
    for label, segment in segments:
        before, core, after = _spaced(segment)
        tag = HTML_TAGS.get(label)
        marked = f"<{tag}>{html.escape(core)}</{tag}>" if tag and core else html.escape(core)
        parts.append(html.escape(before) + marked + html.escape(after))
    return "".join(parts)


def _row_html(member: dict, wording: str, *, css_class: str = "", probability: str = "") -> str:
    source, outlet = html.escape(member.get("source") or ""), html.escape(member.get("outlet") or "?")
    cells = [
        f'<td class="outlet" title="{source}">{outlet}</td>',
        f'<td class="date">{html.escape(_date(member))}</td>',
        f'<td class="kind">{html.escape(_kind(member).plain)}</td>',
        f'<td class="probability">{html.escape(probability)}</td>',
        f'<td class="wording">{wording}</td>',
    ]
    attribute = f' class="{css_class}"' if css_class else ""
    return f"<tr{attribute}>{''.join(cells)}</tr>"


def claim_diff_html(claim: dict) -> str:
    """A standalone HTML page (inline CSS, no external assets) with the content of :func:`claim_diff`.

    The statement as the headline; one table row per member, the statement's first, then each other
    version with ``<del>`` for words only in the statement and ``<ins>`` for words only in that
    version, and its probability of stating it. All article text and metadata is escaped.

    Raises
    ------
    ClaimWithoutMembers
        When the claim has no members.
    """
    pivot, others = _ordered_members(claim)
    outlets = _outlet_count(claim)
    speaker = html.escape(claim.get("speaker_name") or "unknown speaker")
    claim_id = html.escape(str(claim.get("id", "?")))
    title = f"Claim {claim_id} · {speaker} · {outlets} outlet{'s' if outlets != 1 else ''}"
    marked = "(statement)" if pivot.get("canonical") else "(earliest)"
    rows = [_row_html(pivot, html.escape(pivot["text"]) + f' <span class="note">{marked}</span>', css_class="pivot")]
    rows += [_row_html(m, _segments_html(word_diff(pivot["text"], m["text"])), probability=probability_text(m))
             for m in others]
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="id">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{title}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>{title}</h1>",
        f'<blockquote class="statement">{html.escape(pivot["text"])}</blockquote>',
        f'<p class="note">Against {pivot_name(pivot)}, as {html.escape(pivot.get("outlet") or "?")} '
        f"{html.escape(_date(pivot))} worded it: <del>struck through</del> only there, "
        "<ins>underlined</ins> only in the outlet's version; p: the probability that the version states it.</p>",
        "<table>",
        "<thead><tr><th>outlet</th><th>date</th><th>kind</th><th>p</th><th>wording</th></tr></thead>",
        "<tbody>",
        *rows,
        "</tbody>",
        "</table>",
        "</body>",
        "</html>",
        "",
    ])
