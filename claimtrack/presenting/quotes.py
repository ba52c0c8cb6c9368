"""Renderers for quotes and ingest summaries; every text from the database is drawn printable
(:mod:`claimtrack.presenting.terminal`)."""

from __future__ import annotations

from collections.abc import Iterable

from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from claimtrack.presenting.terminal import printable, printable_row, printable_rows

KIND_STYLES = {"direct": "bold green", "partial": "yellow", "indirect": "cyan"}


def probability_text(member: dict) -> str:
    """A claim member's probability of stating the claim's statement, as its column `p` shows it:
    `0.93`; empty when the member has none (a claim stored before claims had probabilities)."""
    probability = member.get("probability")
    return f"{probability:.2f}" if isinstance(probability, int | float) else ""


def quotes_table(rows: Iterable[dict], *, title: str | None = None, query: str | None = None) -> Table:
    """One row per quote: speaker, what they said, kind, outlet and date, id."""
    table = _quote_columns(title)
    for row in printable_rows(rows):
        table.add_row(*_quote_cells(row, query))
    return table


def said_table(rows: Iterable[dict], *, title: str | None = None) -> Table:
    """What a speaker said, grouped by claim (rows as ``storage.said`` yields them): each claim's
    statement, then its quotes; quotes in no claim on their own."""
    table = _quote_columns(title)
    shown = None
    for row in printable_rows(rows):
        claim = row.get("claim_id")
        if claim is not None and claim != shown:
            statement = Text(f"“{row['claim_statement']}”", style="bold")
            table.add_row(Text(f"claim {claim}", style="bold"), Text(""), statement, Text(""), Text(""), Text(""))
        shown = claim
        table.add_row(*_quote_cells(row))
    return table


def _quote_columns(title: str | None) -> Table:
    table = Table(title=printable(title) if title else None, show_lines=True, expand=True)
    table.add_column("id", justify="right", style="dim", no_wrap=True)
    table.add_column("speaker", style="bold", ratio=2)
    table.add_column("quote", ratio=6)
    table.add_column("kind", no_wrap=True)
    table.add_column("outlet", ratio=2, min_width=11, overflow="fold")
    table.add_column("date", no_wrap=True)
    return table


def _quote_cells(row: dict, query: str | None = None) -> tuple[Text, ...]:
    text = Text(row["text"])
    if query:
        for word in query.split():
            text.highlight_words([word], style="reverse", case_sensitive=False)
    return (Text(str(row["id"])), Text(row["speaker_name"] or row["speaker"] or "?"), text,
            Text(row["kind"], style=KIND_STYLES.get(row["kind"], "")), Text(row["outlet"] or "?"),
            Text(row["published"] or "?"))


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
    """One block per claim: its statement, then each member's outlet, date, kind, probability of
    stating it and wording."""
    table = Table(title=printable(title) if title else None, show_lines=True, expand=True)
    table.add_column("claim", justify="right", style="dim", no_wrap=True)
    table.add_column("speaker", style="bold", ratio=2)
    table.add_column("outlet", ratio=2, min_width=11, overflow="fold")
    table.add_column("date", no_wrap=True)
    table.add_column("kind", no_wrap=True)
    table.add_column("p", justify="right", no_wrap=True)
    table.add_column("wording", ratio=6)
    for claim in printable_rows(claims):
        table.add_row(Text(str(claim["id"])), Text(claim["speaker_name"] or ""), Text(""), Text(""), Text(""), Text(""),
                      Text(f"“{claim['statement']}”", style="bold"), end_section=False)
        for member in claim["members"]:
            table.add_row(
                Text(""), Text(""), Text(member["outlet"] or "?"), Text(member["date"] or "?"),
                Text(member["kind"], style=KIND_STYLES.get(member["kind"], "")), Text(probability_text(member)),
                Text(member["text"]),
            )
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
             f"{row['outlet'] or '?'} · {row['published'] or '?'} · chars {row['start']}-{row['end']}")
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
