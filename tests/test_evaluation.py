"""Scoring rules of ANNOTATION.md, the gold JSONL reader and the PFSA-ID reader."""

from pathlib import Path

import pytest

from claimtrack import names
from claimtrack.evaluation import (
    EvaluationInputError,
    GoldArticle,
    GoldQuote,
    read_gold_jsonl,
    read_pfsa,
    score,
)

FIXTURES = Path(__file__).parent / "fixtures"

TEXT = (
    "“Kami siap kerja keras,” kata Irjen Budi Santoso di Jakarta. "
    "Menurut Sari Dewi, harga beras naik lagi pekan ini. "
    "Warga menyebut pasar itu “pasar kaget yang selalu ramai”."
)
DIRECT = "Kami siap kerja keras"
INDIRECT = "harga beras naik lagi pekan ini."
PASSAGE = "pasar kaget yang selalu ramai"


def gold_quote(fragment, kind="direct", speaker_name="Budi Santoso", aliases=(), optional=False):
    start = TEXT.index(fragment)
    return GoldQuote(
        start, start + len(fragment), kind, "Budi", speaker_name, "kata", tuple(aliases), optional
    )


def prediction(fragment, kind="direct", speaker_name="Budi Santoso", source="a1"):
    start = TEXT.index(fragment)
    return {
        "source": source,
        "start": start,
        "end": start + len(fragment),
        "text": fragment,
        "kind": kind,
        "speaker": speaker_name,
        "speaker_name": speaker_name,
        "cue": "kata",
    }


def article(*quotes):
    return [GoldArticle("a1", TEXT, tuple(quotes))]


def counts(report, group="all"):
    scores = report.groups[group]
    return scores.tp, scores.fp, scores.fn


@pytest.mark.parametrize(
    "predicted, matched",
    [
        (DIRECT, True),  # perfect match
        ("Kami siap kerja", True),  # 13 of 18 letters
        ("Kami siap k", True),  # 9 of 18 letters: IoU exactly 0.5
        ("Kami siap", False),  # 8 of 18 letters: IoU 0.44
        ("siap kerja keras,” kata Irjen Budi", False),  # 14 shared letters, union 32
        ("“Kami siap kerja keras,”", True),  # quote marks and comma are not letters
        ("Kami siap kerja keras,” kata", True),  # 18 of 22 letters
        ("Kami siap kerja keras,” kata Irjen Budi Santoso", False),  # 18 of 38 letters
    ],
)
def test_iou_on_letters_and_digits(predicted, matched):
    report = score(article(gold_quote(DIRECT)), [prediction(predicted)])
    assert counts(report) == ((1, 0, 0) if matched else (0, 1, 1))


def test_spaces_and_punctuation_do_not_count():
    text = "Dia berkata , “ Kami siap kerja keras , ” lalu pergi ."
    gold = [GoldArticle("a1", text, (GoldQuote(16, 37, "direct", "Dia", "Budi", "berkata"),))]
    assert text[16:37] == "Kami siap kerja keras"
    report = score(gold, [{"source": "a1", "start": 14, "end": 41, "kind": "direct", "speaker_name": "Budi"}])
    assert counts(report) == (1, 0, 0)


@pytest.mark.parametrize(
    "gold_kind, predicted_kind, expected",
    [
        ("direct", "direct", {"direct+partial": (1, 0, 0), "indirect": (0, 0, 0)}),
        ("direct", "partial", {"direct+partial": (1, 0, 0), "indirect": (0, 0, 0)}),
        ("partial", "direct", {"direct+partial": (1, 0, 0), "indirect": (0, 0, 0)}),
        ("direct", "indirect", {"direct+partial": (0, 0, 1), "indirect": (0, 1, 0)}),
        ("indirect", "indirect", {"direct+partial": (0, 0, 0), "indirect": (1, 0, 0)}),
        ("indirect", "partial", {"direct+partial": (0, 1, 0), "indirect": (0, 0, 1)}),
    ],
)
def test_kind_groups(gold_kind, predicted_kind, expected):
    report = score(article(gold_quote(INDIRECT, kind=gold_kind)), [prediction(INDIRECT, kind=predicted_kind)])
    assert {group: counts(report, group) for group in expected} == expected


def test_each_gold_quote_matches_once():
    report = score(article(gold_quote(DIRECT)), [prediction("Kami siap kerja"), prediction(DIRECT)])
    assert counts(report) == (1, 1, 0)
    # The better prediction takes the gold quote; the other is the false positive.
    assert [item.text for item in report.false_positives] == ["Kami siap kerja"]


def test_each_prediction_matches_once():
    # The same passage annotated twice: one prediction can take only one of them.
    report = score(article(gold_quote(DIRECT), gold_quote(DIRECT)), [prediction(DIRECT)])
    assert counts(report) == (1, 0, 1)


@pytest.mark.parametrize(
    "gold_name, aliases, predicted_name, correct",
    [
        ("Budi Santoso", (), "Budi Santoso", True),
        ("Irjen Budi Santoso", (), "Budi Santoso", True),  # titles dropped on the gold side
        ("Budi Santoso", (), "Bapak Budi Santoso", True),  # and on the predicted side
        ("Budi Santoso", (), "Brigadir Jenderal Budi Santoso", True),
        ("Budi Santoso", (), "budi santoso", True),  # case-insensitive
        ("Budi Santoso", (), "Santoso, Budi", True),  # token sort, punctuation ignored
        ("Budi Santoso", (), "Budi Santosa", True),  # spelling variant above 90
        ("Darmae Nasir, P.hd", (), "Darmae Nasir", True),  # degrees after a comma are titles too
        ("Tjahjo Kumolo, SH, MSi", (), "Tjahjo Kumolo", True),
        ("Budi Santoso", ("Kepala Dinas Budi",), "Kepala Dinas Budi", True),  # an accepted alias
        ("Budi Santoso", (), "Budi", False),
        ("Budi Santoso", (), "Sari Dewi", False),
        ("Budi Santoso", (), "", False),
        ("Budi Santoso", (), None, False),
    ],
)
def test_speaker_names(gold_name, aliases, predicted_name, correct):
    gold = article(gold_quote(DIRECT, speaker_name=gold_name, aliases=aliases))
    report = score(gold, [prediction(DIRECT, speaker_name=predicted_name)])
    assert report.overall.speaker_accuracy == (1.0 if correct else 0.0)
    assert len(report.speaker_errors) == (0 if correct else 1)


def test_end_to_end_counts_only_quotes_with_the_right_speaker():
    gold = article(
        gold_quote(DIRECT),
        gold_quote(INDIRECT, kind="indirect", speaker_name="Sari Dewi"),
    )
    predictions = [
        prediction(DIRECT),  # right quote, right speaker
        prediction(INDIRECT, kind="indirect", speaker_name="Budi Santoso"),  # right quote, wrong speaker
        prediction("Warga menyebut pasar itu", kind="indirect"),  # not a quote
    ]
    overall = score(gold, predictions).overall
    assert (overall.tp, overall.fp, overall.fn, overall.speaker_correct) == (2, 1, 0, 1)
    assert overall.precision == pytest.approx(2 / 3)
    assert overall.recall == 1.0
    assert overall.f1 == pytest.approx(0.8)
    assert overall.speaker_accuracy == 0.5
    assert (overall.end_to_end_precision, overall.end_to_end_recall) == (pytest.approx(1 / 3), 0.5)
    assert overall.end_to_end_f1 == pytest.approx(0.4)


@pytest.mark.parametrize(
    "predictions, expected_counts, ignored",
    [
        ([], (0, 0, 1), 0),  # an optional quote is never a miss
        ([prediction(PASSAGE)], (0, 0, 1), 1),  # nor is a prediction on it a false positive
        ([prediction("pasar kaget yang")], (0, 0, 1), 1),
        ([prediction(PASSAGE, kind="indirect")], (0, 1, 1), 0),  # other kind group: a false positive
        ([prediction(DIRECT), prediction(PASSAGE)], (1, 0, 0), 1),
    ],
)
def test_optional_gold_quotes_are_neither_right_nor_wrong(predictions, expected_counts, ignored):
    gold = article(gold_quote(DIRECT), gold_quote(PASSAGE, speaker_name=None, optional=True))
    # An unmatched DIRECT is the only possible miss: count it when nothing predicts it.
    report = score(gold, predictions)
    tp, fp, fn = expected_counts
    assert counts(report) == (tp, fp, fn)
    assert report.optional_ignored == ignored
    assert all(item.text != PASSAGE for item in report.misses)


def test_source_may_be_a_file_name():
    report = score(article(gold_quote(DIRECT)), [prediction(DIRECT, source="seeds/a1.txt")])
    assert counts(report) == (1, 0, 0)


def test_unknown_source_is_an_error():
    with pytest.raises(EvaluationInputError) as error:
        score(article(gold_quote(DIRECT)), [prediction(DIRECT, source="b2.txt")])
    assert str(error.value) == (
        "prediction 1: source 'b2.txt' matches no gold article (ids: a1); "
        "run the extractor on the gold articles' texts, named by their ids"
    )


def test_empty_groups_have_no_rates():
    report = score(article(gold_quote(DIRECT)), [prediction(DIRECT)])
    indirect = report.groups["indirect"]
    assert (indirect.precision, indirect.recall, indirect.f1) == (None, None, None)
    assert report.to_dict()["groups"]["indirect"]["f1"] is None


def test_report_lists_misses_false_positives_and_speaker_errors():
    gold = article(gold_quote(DIRECT), gold_quote(INDIRECT, kind="indirect", speaker_name="Sari Dewi"))
    report = score(gold, [prediction(DIRECT, speaker_name="Sari Dewi"), prediction(PASSAGE)])
    as_dict = report.to_dict()
    assert [item["text"] for item in as_dict["misses"]] == [INDIRECT]
    assert [item["text"] for item in as_dict["false_positives"]] == [PASSAGE]
    assert [
        (item["text"], item["expected_speaker"], item["predicted_speaker"])
        for item in as_dict["speaker_errors"]
    ] == [(DIRECT, "Budi Santoso", "Sari Dewi")]


def test_seed_gold_scores_perfectly_against_itself():
    gold = read_gold_jsonl(FIXTURES / "seeds.gold.jsonl")
    predictions = [
        {
            "source": f"{item.id}.txt",
            "start": quote.start,
            "end": quote.end,
            "kind": quote.kind,
            "speaker_name": quote.speaker_name,
        }
        for item in gold
        for quote in item.quotes
    ]
    overall = score(gold, predictions).overall
    assert (overall.f1, overall.speaker_accuracy, overall.end_to_end_f1) == (1.0, 1.0, 1.0)


VALID_LINE = '{"id": "a1", "text": "Kata dia.", "quotes": []}'


@pytest.mark.parametrize(
    "line, message",
    [
        (
            '{"id": "a2", "text": "x"',
            ": not valid JSON (Expecting ',' delimiter at column 25); "
            "each line must be one complete JSON object",
        ),
        ('["a2"]', ": expected a JSON object with id, text and quotes"),
        ('{"id": "a2", "text": "x"}', ": missing 'quotes'; an article needs id, text and quotes"),
        ('{"id": 2, "text": "x", "quotes": []}', ": 'id' must be a string"),
        (
            '{"id": "a2", "text": "abc", "quotes": [{"start": 1, "end": 9, "kind": "direct"}]}',
            ", quote 1: offsets 1..9 do not fit the article text (3 characters); "
            "start must be below end and end at most the text length",
        ),
        (
            '{"id": "a2", "text": "abc", "quotes": [{"start": 0, "end": 2, "kind": "quote"}]}',
            ", quote 1: unknown kind 'quote'; use one of direct, partial, indirect",
        ),
        (
            '{"id": "a2", "text": "abc", "quotes": [{"start": "0", "end": 2, "kind": "direct"}]}',
            ", quote 1: 'start' and 'end' must be integers, got '0' and 2",
        ),
        (VALID_LINE, ": article id 'a1' was already used on line 1; every article needs its own id"),
    ],
)
def test_malformed_gold_lines(tmp_path, line, message):
    path = tmp_path / "gold.jsonl"
    path.write_text(VALID_LINE + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(EvaluationInputError) as error:
        read_gold_jsonl(path)
    assert str(error.value) == f"{path}, line 2{message}"


def test_gold_reader_keeps_every_field(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text(
        '{"id": "a1", "outlet": "Kompas", "text": "“Siap,” kata Budi.", "quotes": [{"start": 1, "end": 5, '
        '"kind": "direct", "speaker": "Budi", "speaker_name": "Budi Santoso", "cue": "kata", '
        '"speaker_aliases": ["Pak Budi"]}]}\n\n',
        encoding="utf-8",
    )
    assert read_gold_jsonl(path) == [
        GoldArticle(
            "a1",
            "“Siap,” kata Budi.",
            (GoldQuote(1, 5, "direct", "Budi", "Budi Santoso", "kata", ("Pak Budi",)),),
            outlet="Kompas",
        )
    ]


# PFSA-ID reader, on an invented two-article sample in the corpus format.


def quotes_of(item):
    return [
        (
            item.text[quote.start : quote.end],
            quote.kind,
            quote.speaker,
            quote.speaker_name,
            quote.cue,
            quote.optional,
        )
        for quote in item.quotes
    ]


def test_pfsa_reader_splits_articles_and_rebuilds_text():
    first, second = read_pfsa(FIXTURES / "pfsa_sample.txt")
    assert (first.id, second.id) == ("pfsa-sample-0001", "pfsa-sample-0002")
    assert first.text == (
        "SURABAYA, KOMPAS — Pemerintah Kota Surabaya membuka taman baru di pusat kota. "
        "Kepala Dinas Pertamanan Budi Santoso mengatakan, taman itu dibuka untuk umum setiap hari. "
        "Warga menyambut baik. ”Kami ingin taman ini terawat,” kata Budi di lokasi, Senin (3/5/2021). "
        "”Anak saya senang bermain di sini,” ujar Sari, warga Ketintang."
    )
    assert second.text.startswith("MALANG, KOMPAS — Hujan deras")
    assert "Warga menyebutnya ”banjir kiriman”." in second.text


def test_pfsa_reader_turns_statements_into_gold_quotes():
    first, second = read_pfsa(FIXTURES / "pfsa_sample.txt")
    assert quotes_of(first) == [
        # an unquoted STATEMENT after its cue
        (
            "taman itu dibuka untuk umum setiap hari",
            "indirect",
            "Budi Santoso",
            "Budi Santoso",
            "mengatakan",
            False,
        ),
        # quoted, the opening mark in the previous sentence; the PERSONCOREF resolves to the full name
        ("Kami ingin taman ini terawat", "direct", "Budi", "Budi Santoso", "kata", False),
        # a resident's quote PFSA leaves unannotated
        ("Anak saya senang bermain di sini", "direct", None, None, None, True),
    ]
    assert first.quotes[1].speaker_aliases == ("Budi",)
    assert quotes_of(second) == [
        ("Air surut dalam dua jam", "direct", "-nya", "Andi Wijaya", "ujarnya", False),
        # two quoted words are a scare quote, not an optional quote
        ("Kami menyiapkan pompa tambahan.", "direct", "Ia", "Andi Wijaya", "menambahkan", False),
    ]


def test_pfsa_reader_resolves_a_role_to_the_name_written_after_it():
    # `Presiden` is Joko Widodo, named after the role earlier, not Prabowo Subianto, the most
    # recent PERSON (he was the defence minister).
    [article] = read_pfsa(FIXTURES / "pfsa_role.txt")
    assert quotes_of(article) == [("Kita harus waspada", "direct", "Presiden", "Joko Widodo", "kata", False)]


@pytest.mark.parametrize(
    ("tagged", "name"),
    [
        ("Irjen Fadil Imran", "Fadil Imran"),
        # Office words PFSA tags with a name are not the name...
        ("Presiden Jokowi", "Jokowi"),
        ("Mensos Risma", "Risma"),
        ("Letkol Fajar Tri Rochadi", "Fajar Tri Rochadi"),
        # ...but an office of a body, or a description, stays whole.
        ("Panglima TNI", "Panglima TNI"),
        ("Laut dokter gigi M Arifin", "Laut dokter gigi M Arifin"),
    ],
)
def test_pfsa_reader_takes_the_name_from_a_tagged_mention(tagged, name):
    assert names.without_leading_titles(tagged) == name


def test_pfsa_reader_accepts_the_fuller_name_the_article_writes():
    # PFSA tags `Tito` at the cue but not `Tito Karnavian` where the article names him: the gold
    # keeps the tagged form and accepts the written one, unless asked for tagged forms only.
    [article] = read_pfsa(FIXTURES / "pfsa_written_name.txt")
    [quote] = article.quotes
    assert (quote.speaker_name, quote.speaker_aliases) == ("Tito", ("Tito Karnavian",))
    [strict] = read_pfsa(FIXTURES / "pfsa_written_name.txt", written_names=False)
    assert strict.quotes[0].speaker_aliases == ()


def test_pfsa_reader_names_the_bad_line(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_text("JAKARTA\tO\nKOMPAS\n", encoding="utf-8")
    with pytest.raises(EvaluationInputError) as error:
        read_pfsa(path)
    assert str(error.value) == (
        f"{path}, line 2: expected 'token<TAB>label', got 'KOMPAS'; "
        "PFSA files have one token and one BILOU label per line"
    )


def test_claim_matching_is_scored_pairwise_with_hard_negatives():
    from claimtrack.evaluation import GoldSpan, score_claims

    gold = [
        GoldSpan("a", 0, 10, "c1"), GoldSpan("b", 0, 10, "c1"), GoldSpan("c", 0, 10, "c1"),
        GoldSpan("a", 20, 30, None, negative_of="c1"),
        GoldSpan("d", 0, 10, None, negative_of="c9"),  # another claim's negative: not compared with c1
    ]
    predicted = {"a": [(0, 10, 1), (20, 30, 1)], "b": [(2, 8, 1)], "c": [(0, 10, 2)], "d": [(0, 10, 1)]}
    report = score_claims(gold, predicted)
    # a~b right; a~c and b~c missed; the negative wrongly joined with a and with b
    assert (report.tp, report.fn, report.fp, report.negatives_joined) == (1, 2, 2, 2)
    assert round(report.precision, 3) == 0.333 and round(report.recall, 3) == 0.333
