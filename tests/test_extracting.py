"""Extraction, described by real sentences. Each bug found gets a row here."""

import json

import pytest
from rapidfuzz import fuzz

from claimtrack.articles import read_text_file
from claimtrack.evaluation import read_gold_jsonl, score
from claimtrack.extracting import extract, extract_text, prediction_record

from .conftest import SEEDS, SEEDS_GOLD


def found(text, nlp):
    return [(q.kind, q.text, q.speaker, q.speaker_name, q.cue) for q in extract_text(text, nlp)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“Kami siap,” ujar Shoigu.", [("direct", "Kami siap,", "Shoigu", "Shoigu", "ujar")]),
        ("“Kami siap”, kata Menteri Pertahanan Rusia Sergei Shoigu dalam pertemuan.",
         [("direct", "Kami siap", "Menteri Pertahanan Rusia Sergei Shoigu", "Sergei Shoigu", "kata")]),
        ("Dehqan mengatakan “kerja sama tersebut dapat menawarkan model yang tepat.”",
         [("direct", "kerja sama tersebut dapat menawarkan model yang tepat.", "Dehqan", "Dehqan", "mengatakan")]),
        ("“Sejumlah isu dibahas,” kata pernyataan Kremlin, seperti dikutip dari Reuters.",
         [("direct", "Sejumlah isu dibahas,", "pernyataan Kremlin", "Kremlin", "kata")]),
        # -nya cues take the previous speaker.
        ("Sergei Shoigu tiba di Teheran.\n“Kami siap,” ujar Shoigu.\n“Kami juga kuat,” tambahnya.",
         [("direct", "Kami siap,", "Shoigu", "Sergei Shoigu", "ujar"),
          ("direct", "Kami juga kuat,", "-nya", "Sergei Shoigu", "tambahnya")]),
        # A partial quote woven into a reported sentence.
        ("Kepala pertahanan Iran menggambarkan “sangat baik dan konstruktif” kerja sama kedua negara.",
         [("partial", "sangat baik dan konstruktif", "Kepala pertahanan Iran", "Kepala pertahanan Iran", "menggambarkan")]),
        # Scare quotes and titles are not quotes.
        ("Film “Gundala” tayang di bioskop pekan ini.", []),
        ("Iran dan Rusia disebut ‘Robin Hood’ Suriah oleh media.", []),
        # Indirect speech.
        ("Dia menambahkan, dialog Rusia-Iran berkembang sangat intensif saat ini.",
         [("indirect", "dialog Rusia-Iran berkembang sangat intensif saat ini.", "Dia", "", "menambahkan")]),
        ("Kedua pemimpin menekankan kerja sama ekonomi, kata Kremlin dalam sebuah pernyataan.",
         [("indirect", "Kedua pemimpin menekankan kerja sama ekonomi", "Kremlin", "Kremlin", "kata")]),
        ("Kunjungan itu penting bagi kedua negara, menurut Kementerian Pertahanan Rusia.",
         [("indirect", "Kunjungan itu penting bagi kedua negara", "Kementerian Pertahanan Rusia",
           "Kementerian Pertahanan Rusia", "menurut")]),
        ("Bulan lalu, dua pejabat senior Iran mengatakan kepada Reuters bahwa Iran telah berjanji memberi rudal.",
         [("indirect", "Iran telah berjanji memberi rudal.", "dua pejabat senior Iran", "dua pejabat senior Iran",
           "mengatakan")]),
        # Cues with no reported content, negated cues, adjectives.
        ("Menteri Pertahanan Rusia Sergei Shoigu mengungkapkan hal itu pada Rabu.", []),
        ("Dokumen itu tidak menyebutkan pasokan senjata Iran ke Moskow.", []),
        ("Rusia juga memperingatkan tentang konsekuensi yang sangat berbahaya.", []),
    ],
)
def test_sentences(text, expected, nlp):
    assert found(text, nlp) == expected


def test_relay_is_kept_apart_from_the_speaker(nlp):
    [quote] = extract_text("“Sejumlah isu dibahas,” kata pernyataan Kremlin, seperti dikutip dari Reuters.", nlp)
    assert (quote.speaker_name, quote.relay) == ("Kremlin", "Reuters")


def test_role_resolves_to_the_person_the_article_names_in_it(nlp):
    text = ("Menteri Pertahanan (Menhan) Rusia Sergei Shoigu tiba di Teheran.\n"
            "Menhan Rusia juga menyatakan kesiapannya \"untuk tindakan bersama lebih lanjut.\"")
    [quote] = extract_text(text, nlp)
    assert (quote.kind, quote.speaker, quote.speaker_name) == ("partial", "Menhan Rusia", "Sergei Shoigu")


def _same_name(a, b):
    return fuzz.token_sort_ratio(a.lower(), b.lower()) >= 90


@pytest.mark.parametrize("gold_article", read_gold_jsonl(SEEDS_GOLD), ids=lambda a: a.id)
def test_every_direct_seed_quote_is_found_with_its_speaker(gold_article, nlp):
    article = read_text_file(SEEDS / f"{gold_article.id}.txt")
    quotes = extract(article, nlp)
    for gold in gold_article.quotes:
        if gold.kind != "direct":
            continue
        overlapping = [q for q in quotes if q.kind == "direct" and q.start < gold.end and gold.start < q.end]
        assert overlapping, f"missed: {article.text[gold.start:gold.end]!r}"
        names = [gold.speaker_name, *gold.speaker_aliases]
        assert any(_same_name(overlapping[0].speaker_name, name) for name in names), (
            overlapping[0].speaker_name, names)


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name)
def test_offsets_round_trip(path, nlp):
    article = read_text_file(path)
    for quote in extract(article, nlp):
        assert article.text[quote.start : quote.end] == quote.text
        record = prediction_record(quote, path.name)
        assert json.loads(json.dumps(record, ensure_ascii=False))["text"] == quote.text


def test_seed_scores_meet_the_targets(nlp):
    gold = read_gold_jsonl(SEEDS_GOLD)
    predictions = []
    for gold_article in gold:
        article = read_text_file(SEEDS / f"{gold_article.id}.txt")
        predictions += [prediction_record(q, gold_article.id) for q in extract(article, nlp)]
    report = score(gold, predictions)
    direct, indirect = report.groups["direct+partial"], report.groups["indirect"]
    assert direct.f1 >= 0.95 and direct.speaker_accuracy >= 0.93
    assert indirect.f1 >= 0.75
