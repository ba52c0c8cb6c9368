"""Rich renderers for an evaluation report: the metrics table and, on request, the quotes to inspect."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.table import Table

from claimtrack.evaluation import EvaluationReport, QuoteDifference

_GROUP_TITLES = {"direct+partial": "direct + partial", "indirect": "indirect", "all": "all"}
_EXCERPT_LENGTH = 90


def render_report(report: EvaluationReport, verbose: bool = False) -> RenderableType:
    """The metrics per kind group; with ``verbose``, tables of misses, false positives and speaker errors."""
    parts: list[RenderableType] = [_metrics_table(report)]
    if verbose:
        parts.append(_differences_table("Missed gold quotes", report.misses, show_predicted=False))
        parts.append(_differences_table("False positives", report.false_positives, show_expected=False))
        parts.append(_differences_table("Speaker errors", report.speaker_errors))
    return Group(*parts)


def _metrics_table(report: EvaluationReport) -> Table:
    caption = f"{report.articles} articles"
    if report.optional_ignored:
        caption += f"; {report.optional_ignored} predictions on optional gold quotes ignored"
    table = Table(title="Quote finding", caption=caption)
    table.add_column("kinds")
    for name in (
        "gold",
        "predicted",
        "TP",
        "FP",
        "FN",
        "precision",
        "recall",
        "F1",
        "speaker acc.",
        "end-to-end F1",
    ):
        table.add_column(name, justify="right")
    for name, title in _GROUP_TITLES.items():
        group = report.groups[name]
        table.add_row(
            title,
            str(group.tp + group.fn),
            str(group.tp + group.fp),
            str(group.tp),
            str(group.fp),
            str(group.fn),
            _rate(group.precision),
            _rate(group.recall),
            _rate(group.f1),
            _rate(group.speaker_accuracy),
            _rate(group.end_to_end_f1),
            style="bold" if name == "all" else None,
            end_section=name == "indirect",
        )
    return table


def _differences_table(
    title: str, items: Sequence[QuoteDifference], *, show_expected: bool = True, show_predicted: bool = True
) -> Table:
    table = Table(title=f"{title} ({len(items)})")
    table.add_column("article")
    table.add_column("offsets", justify="right")
    table.add_column("kind")
    table.add_column("text", overflow="fold")
    if show_expected:
        table.add_column("expected speaker")
    if show_predicted:
        table.add_column("predicted speaker")
    for item in items:
        row = [item.article_id, f"{item.start}-{item.end}", item.kind, _excerpt(item.text)]
        if show_expected:
            row.append(item.expected_speaker or "–")
        if show_predicted:
            row.append(item.predicted_speaker or "–")
        table.add_row(*row)
    return table


def _rate(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _EXCERPT_LENGTH else text[: _EXCERPT_LENGTH - 1] + "…"


def render_claims_report(report) -> Table:
    """Pairwise precision, recall and F1 of claim matching."""
    table = Table(title=f"Claim matching, pairwise ({report.spans} gold spans, {report.found} in a predicted claim)")
    for column in ("pairs TP", "FP", "FN", "negatives joined", "precision", "recall", "F1"):
        table.add_column(column, justify="right")

    def rate(value):
        return "-" if value is None else f"{value:.3f}"

    table.add_row(str(report.tp), str(report.fp), str(report.fn), str(report.negatives_joined),
                  rate(report.precision), rate(report.recall), rate(report.f1))
    return table
