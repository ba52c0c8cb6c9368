"""Scoring predicted quotes against gold quotes, by the rules of ``docs/ANNOTATION.md``
("Scoring"): letters and digits compared, IoU at least 0.5 within a kind group, speaker names
compared after dropping titles (:func:`claimtrack.names.comparable_name`).

A pure library: nothing here prints. ``claimtrack.presenting.evaluation`` renders the report.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from itertools import accumulate
from pathlib import PurePath

from rapidfuzz import fuzz

from claimtrack.evaluation.gold import EvaluationInputError, GoldArticle, GoldQuote, is_int
from claimtrack.names import comparable_name
from claimtrack.records import KINDS

KIND_GROUPS = {"direct": "direct+partial", "partial": "direct+partial", "indirect": "indirect"}
GROUP_NAMES = ("direct+partial", "indirect", "all")
MIN_IOU = 0.5
MIN_NAME_SIMILARITY = 90


@dataclass(frozen=True)
class QuoteDifference:
    """A quote listed for inspection: a miss, a false positive or a speaker error."""

    article_id: str
    start: int
    end: int
    kind: str
    text: str
    expected_speaker: str | None
    predicted_speaker: str | None


@dataclass(frozen=True)
class GroupScore:
    """Counts and rates for one kind group. Rates are ``None`` when their denominator is zero."""

    name: str
    tp: int
    fp: int
    fn: int
    speaker_correct: int
    precision: float | None
    recall: float | None
    f1: float | None
    speaker_accuracy: float | None
    end_to_end_precision: float | None
    end_to_end_recall: float | None
    end_to_end_f1: float | None

    @classmethod
    def from_counts(cls, name: str, tp: int, fp: int, fn: int, speaker_correct: int) -> GroupScore:
        precision, recall, f1 = _rates(tp, tp + fp, tp + fn)
        e2e_precision, e2e_recall, e2e_f1 = _rates(speaker_correct, tp + fp, tp + fn)
        return cls(
            name=name,
            tp=tp,
            fp=fp,
            fn=fn,
            speaker_correct=speaker_correct,
            precision=precision,
            recall=recall,
            f1=f1,
            speaker_accuracy=speaker_correct / tp if tp else None,
            end_to_end_precision=e2e_precision,
            end_to_end_recall=e2e_recall,
            end_to_end_f1=e2e_f1,
        )


@dataclass(frozen=True)
class EvaluationReport:
    """The outcome of :func:`score`: one :class:`GroupScore` per group and the quotes to inspect."""

    groups: dict[str, GroupScore]
    misses: list[QuoteDifference] = field(default_factory=list)
    false_positives: list[QuoteDifference] = field(default_factory=list)
    speaker_errors: list[QuoteDifference] = field(default_factory=list)
    articles: int = 0
    optional_ignored: int = 0

    @property
    def overall(self) -> GroupScore:
        return self.groups["all"]

    def to_dict(self) -> dict:
        """Plain data for JSON output."""
        return {
            "articles": self.articles,
            "optional_ignored": self.optional_ignored,
            "groups": {name: asdict(group) for name, group in self.groups.items()},
            "misses": [asdict(item) for item in self.misses],
            "false_positives": [asdict(item) for item in self.false_positives],
            "speaker_errors": [asdict(item) for item in self.speaker_errors],
        }


def _rates(hits: int, predicted: int, expected: int) -> tuple[float | None, float | None, float | None]:
    precision = hits / predicted if predicted else None
    recall = hits / expected if expected else None
    if precision is None or recall is None:
        f1 = None
    else:
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


@dataclass(frozen=True)
class _Prediction:
    index: int
    start: int
    end: int
    kind: str
    speaker_name: str | None


def score(gold: Sequence[GoldArticle], predictions: Iterable[Mapping]) -> EvaluationReport:
    """Score predicted quotes against gold articles, by the rules of ANNOTATION.md.

    Parameters
    ----------
    gold
        Gold articles, from :func:`read_gold_jsonl` or :func:`read_pfsa`.
    predictions
        Records in the prediction format: ``source`` (the gold article id, or a file name whose stem
        is that id), ``start``, ``end``, ``kind`` and ``speaker_name``; other keys are ignored.

    Quotes are compared on the positions of their letters and digits. A prediction matches a gold
    quote of the same kind group ({direct, partial}, {indirect}) when the intersection over union of
    those positions is at least 0.5; pairs are taken greedily by falling IoU, each gold quote and
    each prediction at most once. A prediction left unmatched that lands (IoU >= 0.5) on an optional
    gold quote is dropped; optional gold quotes are never misses. Speakers are right when the
    predicted ``speaker_name`` and the gold ``speaker_name`` or one of its ``speaker_aliases`` reach a
    token-sort similarity of 90 once lowercased, stripped of punctuation and of titles.

    >>> article = GoldArticle("a1", "Dia berkata, “Kami siap.”", (
    ...     GoldQuote(14, 23, "direct", "Dia", "Joko Widodo", "berkata"),))
    >>> report = score([article], [{"source": "a1.txt", "start": 14, "end": 24, "kind": "direct",
    ...                             "speaker_name": "Presiden Joko Widodo"}])
    >>> report.overall.f1, report.overall.speaker_accuracy
    (1.0, 0.0)
    """
    articles = {article.id: article for article in gold}
    by_article: dict[str, list[_Prediction]] = {article_id: [] for article_id in articles}
    for index, record in enumerate(predictions):
        article_id, prediction = _parse_prediction(index, record, articles)
        by_article[article_id].append(prediction)

    counts = {name: [0, 0, 0, 0] for name in GROUP_NAMES[:2]}  # tp, fp, fn, speaker_correct
    misses: list[QuoteDifference] = []
    false_positives: list[QuoteDifference] = []
    speaker_errors: list[QuoteDifference] = []
    optional_ignored = 0
    for article in gold:
        letters = _letter_counts(article.text)
        found = by_article[article.id]
        pairs = _match(article.quotes, found, letters)
        matched_gold = {gold_index for gold_index, _ in pairs}
        matched_predictions = {prediction_index for _, prediction_index in pairs}
        for gold_index, prediction_index in pairs:
            quote, prediction = article.quotes[gold_index], found[prediction_index]
            group = counts[KIND_GROUPS[quote.kind]]
            group[0] += 1
            if _same_speaker(prediction.speaker_name, quote):
                group[3] += 1
            else:
                speaker_errors.append(
                    _difference(article, quote.start, quote.end, quote.kind, quote, prediction.speaker_name)
                )
        for gold_index, quote in enumerate(article.quotes):
            if gold_index not in matched_gold and not quote.optional:
                counts[KIND_GROUPS[quote.kind]][2] += 1
                misses.append(_difference(article, quote.start, quote.end, quote.kind, quote, None))
        optional = [quote for quote in article.quotes if quote.optional]
        for prediction_index, prediction in enumerate(found):
            if prediction_index in matched_predictions:
                continue
            if any(
                KIND_GROUPS[quote.kind] == KIND_GROUPS[prediction.kind]
                and _iou(letters, quote.start, quote.end, prediction.start, prediction.end) >= MIN_IOU
                for quote in optional
            ):
                optional_ignored += 1
                continue
            counts[KIND_GROUPS[prediction.kind]][1] += 1
            false_positives.append(
                _difference(
                    article, prediction.start, prediction.end, prediction.kind, None, prediction.speaker_name
                )
            )

    groups = {name: GroupScore.from_counts(name, *values) for name, values in counts.items()}
    totals = [sum(values[position] for values in counts.values()) for position in range(4)]
    groups["all"] = GroupScore.from_counts("all", *totals)
    return EvaluationReport(
        groups=groups,
        misses=misses,
        false_positives=false_positives,
        speaker_errors=speaker_errors,
        articles=len(gold),
        optional_ignored=optional_ignored,
    )


def _parse_prediction(
    index: int, record: Mapping, articles: Mapping[str, GoldArticle]
) -> tuple[str, _Prediction]:
    where = f"prediction {index + 1}"
    if not isinstance(record, Mapping):
        raise EvaluationInputError(f"{where}: expected a JSON object, got {type(record).__name__}")
    missing = [key for key in ("source", "start", "end", "kind") if key not in record]
    if missing:
        raise EvaluationInputError(
            f"{where}: missing {', '.join(repr(key) for key in missing)}; predictions need source, start, "
            "end and kind (the output of `claimtrack extract --format jsonl`)"
        )
    source = str(record["source"])
    article_id = source if source in articles else PurePath(source).stem
    if article_id not in articles:
        known = ", ".join(sorted(articles)[:3]) + (", ..." if len(articles) > 3 else "")
        raise EvaluationInputError(
            f"{where}: source {source!r} matches no gold article (ids: {known}); "
            "run the extractor on the gold articles' texts, named by their ids"
        )
    start, end, kind = record["start"], record["end"], record["kind"]
    length = len(articles[article_id].text)
    if not is_int(start) or not is_int(end) or not 0 <= start <= end <= length:
        raise EvaluationInputError(
            f"{where}: offsets {start!r}..{end!r} do not fit article {article_id!r} ({length} characters); "
            "predictions must come from the same text as the gold"
        )
    if kind not in KINDS:
        raise EvaluationInputError(f"{where}: unknown kind {kind!r}; use one of {', '.join(KINDS)}")
    speaker_name = record.get("speaker_name")
    return article_id, _Prediction(
        index, start, end, kind, speaker_name if isinstance(speaker_name, str) else None
    )


def _letter_counts(text: str) -> list[int]:
    """Prefix counts of letters and digits: ``counts[j] - counts[i]`` is how many lie in ``text[i:j]``."""
    return [0, *accumulate(1 if character.isalnum() else 0 for character in text)]


def _iou(letters: Sequence[int], a_start: int, a_end: int, b_start: int, b_end: int) -> float:
    def count(start: int, end: int) -> int:
        return letters[end] - letters[start] if end > start else 0

    overlap = count(max(a_start, b_start), min(a_end, b_end))
    union = count(a_start, a_end) + count(b_start, b_end) - overlap
    return overlap / union if union else 0.0


def _match(
    quotes: Sequence[GoldQuote], predictions: Sequence[_Prediction], letters: Sequence[int]
) -> list[tuple[int, int]]:
    """Greedy one-to-one pairs of (gold index, prediction index), best IoU first, required gold only."""
    candidates = []
    for gold_index, quote in enumerate(quotes):
        if quote.optional:
            continue
        for prediction_index, prediction in enumerate(predictions):
            if KIND_GROUPS[quote.kind] != KIND_GROUPS[prediction.kind]:
                continue
            overlap = _iou(letters, quote.start, quote.end, prediction.start, prediction.end)
            if overlap >= MIN_IOU:
                candidates.append((-overlap, gold_index, prediction_index))
    candidates.sort()
    used_gold: set[int] = set()
    used_predictions: set[int] = set()
    pairs = []
    for _, gold_index, prediction_index in candidates:
        if gold_index in used_gold or prediction_index in used_predictions:
            continue
        used_gold.add(gold_index)
        used_predictions.add(prediction_index)
        pairs.append((gold_index, prediction_index))
    return pairs








def _same_speaker(predicted: str | None, quote: GoldQuote) -> bool:
    if not predicted or not predicted.strip():
        return False
    candidate = comparable_name(predicted)
    expected = [name for name in (quote.speaker_name, *quote.speaker_aliases) if name]
    return any(
        fuzz.token_sort_ratio(candidate, comparable_name(name)) >= MIN_NAME_SIMILARITY for name in expected
    )


def _difference(
    article: GoldArticle, start: int, end: int, kind: str, quote: GoldQuote | None, predicted: str | None
) -> QuoteDifference:
    return QuoteDifference(
        article_id=article.id,
        start=start,
        end=end,
        kind=kind,
        text=article.text[start:end],
        expected_speaker=quote.speaker_name if quote else None,
        predicted_speaker=predicted,
    )
