"""Renderers for quotes and ingest summaries; every text from the database is drawn printable
(:mod:`claimtrack.presenting.terminal`)."""

from __future__ import annotations

from collections.abc import Iterable

from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from claimtrack.presenting import marks
from claimtrack.presenting.terminal import printable, printable_row, printable_rows

KIND_STYLES = {"direct": "bold green", "partial": "yellow", "indirect": "cyan"}


def date_label(row: dict) -> str:
    """A quote's date as shown: marked ``~`` when it was inferred (:mod:`claimtrack.presenting.marks`),
    `undated` without one."""
    if not row.get("published"):
        return "undated"
    return row["published"] + (marks.INFERRED_DATE if marks.inferred_date(row) else "")


def probability_text(member: dict) -> str:
    """A claim member's probability of stating the claim's statement, as its column `p` shows it:
    `0.93`; empty when the member has none (a claim stored before claims had probabilities)."""
    probability = member.get("probability")
    return f"{probability:.2f}" if isinstance(probability, int | float) else ""


def quotes_table(rows: Iterable[dict], *, title: str | None = None, query: str | None = None) -> Table:
    """One row per quote: speaker, what they said, kind, outlet and date, id; and the claim each
    is in when the rows say (a ``claim_id``, as `search` gives). A speaker claimtrack is less sure
    of is marked ``?``, an inferred date ``~`` (:mod:`claimtrack.presenting.marks`)."""
    rows = printable_rows(rows)
    with_claims = any("claim_id" in row for row in rows)
    table = _quote_columns(title, with_claims)
    for row in rows:
        table.add_row(*_quote_cells(row, query, with_claims))
    table.caption = _legend(rows)
    return table


def said_table(rows: Iterable[dict], *, title: str | None = None) -> Table:
    """What a speaker said, grouped by claim (rows as ``storage.said`` yields them): each claim's
    statement, then its quotes; quotes in no claim on their own."""
    rows = printable_rows(rows)
    table = _quote_columns(title, with_claims=True)
    shown = None
    for row in rows:
        claim = row.get("claim_id")
        if claim is not None and claim != shown:
            statement = Text(f"“{row['claim_statement']}”", style="bold")
            table.add_row(Text(""), Text(""), statement, Text(""), Text(""), Text(""),
                          Text(str(claim), style="bold"))
        shown = claim
        table.add_row(*_quote_cells(row, with_claims=True))
    table.caption = _legend(rows)
    return table


def _quote_columns(title: str | None, with_claims: bool) -> Table:
    table = Table(title=printable(title) if title else None, show_lines=True, expand=True)
    table.add_column("id", justify="right", style="dim", no_wrap=True)
    table.add_column("speaker", style="bold", ratio=2)
    table.add_column("quote", ratio=6)
    table.add_column("kind", no_wrap=True)
    table.add_column("outlet", ratio=2, min_width=11, overflow="fold")
    table.add_column("date", no_wrap=True)
    if with_claims:
        table.add_column("claim", justify="right", no_wrap=True)
    return table


def _quote_cells(row: dict, query: str | None = None, with_claims: bool = False) -> tuple[Text, ...]:
    text = Text(row["text"])
    if query:
        for word in query.split():
            text.highlight_words([word], style="reverse", case_sensitive=False)
    speaker = Text(row["speaker_name"] or row["speaker"] or "?")
    if marks.low_confidence(row):
        speaker.append(f" {marks.UNSURE_SPEAKER}", style="bold yellow")
    date = Text(row["published"] or "undated")
    if row["published"] and marks.inferred_date(row):
        date.append(marks.INFERRED_DATE, style="bold yellow")
    claim = [Text(str(row["claim_id"]) if row.get("claim_id") is not None else "")] if with_claims else []
    return (Text(str(row["id"])), speaker, text, Text(row["kind"], style=KIND_STYLES.get(row["kind"], "")),
            Text(row["outlet"] or "?"), date, *claim)


def _legend(rows: list[dict]) -> str | None:
    """What the marks in a quote table mean, when it has any."""
    legend = []
    if any(map(marks.low_confidence, rows)):
        legend.append(f"{marks.UNSURE_SPEAKER} a speaker claimtrack is less sure of")
    if any(row["published"] and marks.inferred_date(row) for row in rows):
        legend.append(f"{marks.INFERRED_DATE} a date inferred from the text")
    return " · ".join(legend) or None


def ingest_summary(counts: dict[str, int], *, added: int, unchanged: int, skipped: list[str],
                   failed: int = 0) -> Table:
    table = Table(title="Ingest summary", show_header=False)
    table.add_column("what")
    table.add_column("count", justify="right")
    table.add_row("articles added", str(added))
    table.add_row("articles already stored", str(unchanged))
    table.add_row("skipped", str(len(skipped)), style="red" if skipped else "")
    if failed:
        table.add_row("failed (claimtrack errors)", str(failed), style="red")
    for name, value in counts.items():
        table.add_row(f"{name} in database", str(value))
    return table


def match_summary(update) -> str:
    """What one claim update (:class:`claimtrack.storage.ClaimUpdate`) did, for `claimtrack match`."""
    if update.rebuilt:
        done = (f"Recomputed all claims: {update.new_units:,} claim units, {update.pairs_scored:,} candidate pairs "
                "scored.")
    elif not update.new_units:
        done = "No new quotes since the last update."
    else:
        done = (f"Matched {update.new_units:,} new claim units: {update.pairs_scored:,} candidate pairs scored, "
                f"{update.reclustered_units:,} units reclustered, {update.claims_replaced:,} claims replaced by "
                f"{update.claims_written:,}.")
    return f"{done}\n{update.claims:,} claims reported by two or more articles."


def claims_table(claims: Iterable[dict], *, title: str | None = None) -> Table:
    """One block per claim: its statement, then each member's outlet, date (``~`` when inferred),
    kind, probability of stating it and wording."""
    table = Table(title=printable(title) if title else None, show_lines=True, expand=True)
    table.add_column("claim", justify="right", style="dim", no_wrap=True)
    table.add_column("speaker", style="bold", ratio=2)
    table.add_column("outlet", ratio=2, min_width=11, overflow="fold")
    table.add_column("date", no_wrap=True)
    table.add_column("kind", no_wrap=True)
    table.add_column("p", justify="right", no_wrap=True)
    table.add_column("wording", ratio=6)
    inferred = False
    for claim in printable_rows(claims):
        table.add_row(Text(str(claim["id"])), Text(claim["speaker_name"] or ""), Text(""), Text(""), Text(""), Text(""),
                      Text(f"“{claim['statement']}”", style="bold"), end_section=False)
        for member in claim["members"]:
            table.add_row(
                Text(""), Text(""), Text(member["outlet"] or "?"),
                Text((member["date"] or "undated") + (marks.INFERRED_DATE if member["date"]
                                                      and marks.inferred_date(member) else "")),
                Text(member["kind"], style=KIND_STYLES.get(member["kind"], "")), Text(probability_text(member)),
                Text(member["text"]),
            )
            inferred = inferred or bool(member["date"] and marks.inferred_date(member))
    if inferred:
        table.caption = f"{marks.INFERRED_DATE} a date inferred from the text"
    return table


def speakers_table(rows: Iterable[dict]) -> Table:
    table = Table(title="Speakers", expand=True)
    table.add_column("id", justify="right", style="dim", no_wrap=True)
    table.add_column("name", style="bold", ratio=2)
    table.add_column("type", no_wrap=True)
    table.add_column("quotes", justify="right", no_wrap=True)
    table.add_column("aliases", ratio=3)
    table.add_column("mentioned as", ratio=3, style="dim")
    for row in printable_rows(rows):
        table.add_row(Text(str(row["id"])), Text(row["name"]), Text(row["type"] or ""), Text(str(row["quotes"])),
                      Text(row["aliases"] or ""), Text(row.get("mentions") or ""))
    return table


def quote_in_context(row: dict, *, context: int = 400) -> Panel:
    """The quote inside its article text, highlighted, with its provenance as the title."""
    row = printable_row(row)  # one character for one: the offsets stay true
    text = row["article_text"]
    begin, end = max(0, row["start"] - context), min(len(text), row["end"] + context)
    body = Text()
    body.append(("…" if begin else "") + text[begin : row["start"]])
    body.append(text[row["start"] : row["end"]], style="bold reverse")
    body.append(text[row["end"] : end] + ("…" if end < len(text) else ""))
    title = (f"#{row['id']} {row['kind']} · {row['speaker_name'] or row['speaker'] or '?'} · "
             f"{row['outlet'] or '?'} · {date_label(row)} · chars {row['start']}-{row['end']}")
    subtitle = " · ".join(filter(None, [f"cue: {row['cue']}" if row["cue"] else None,
                                        f"via {row['relay']}" if row["relay"] else None,
                                        row["url"] or row["source"], row["method"]]))
    return Panel(body, title=Text(title), subtitle=Text(subtitle))


def changes_table(rows: Iterable[dict]) -> Table:
    table = Table(title="Quotes that changed between versions", show_lines=True, expand=True)
    table.add_column("article", ratio=2, overflow="fold")
    table.add_column("versions", no_wrap=True)
    table.add_column("change", no_wrap=True)
    table.add_column("speaker", ratio=2)
    table.add_column("before", ratio=4)
    table.add_column("after", ratio=4)
    for row in printable_rows(rows):
        table.add_row(Text(row["url"] or ""), Text(row["versions"]), Text(row["change"]),
                      Text(row["speaker_name"] or ""),
                      Text(row["before"] or "", style="red"), Text(row["after"] or "", style="green"))
    return table
