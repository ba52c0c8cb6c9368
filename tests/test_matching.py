import pytest

from claimtrack import storage
from claimtrack.matching import ClaimUnit, cluster, normalise, similarity, split_units

from .test_storage import ingest_seeds


def unit(quote_id, article_id, text, speaker="Sergei Shoigu", published="2023-09-20"):
    return ClaimUnit(quote_id, article_id, speaker, published, 0, len(text), text)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Tekanan sanksi terhadap Rusia dan Iran menunjukkan kesia-siaan, sementara interaksi Rusia-Iran mencapai tingkat yang baru",
         "Tekanan sanksi terhadap Rusia dan Iran terbukti sia-sia, sementara kerja sama Rusia-Iran mencapai titik tertinggi baru"),
        ("Tingginya dinamika pertemuan tersebut menegaskan komitmen umum untuk lebih memperkuat kemitraan strategis di sektor pertahanan dan kerja sama militer",
         "Intensitas pertemuan yang tinggi menegaskan tekad kita bersama untuk terus meningkatkan kemitraan pertahanan strategis"),
        # A trimmed quote inside a longer one.
        ("Kami bertujuan melaksanakan seluruh rangkaian kegiatan yang direncanakan, meskipun ada tentangan dari Amerika Serikat dan sekutu Baratnya.",
         "rangkaian kegiatan yang direncanakan, meskipun ada tentangan dari Amerika Serikat"),
    ],
)
def test_rewordings_of_one_statement_match(a, b):
    assert len(cluster([unit(1, 1, a), unit(2, 2, b)])) == 1


@pytest.mark.parametrize(
    ("a", "b", "why"),
    [
        ("Tekanan sanksi terhadap Rusia dan Iran terbukti sia-sia",
         "Saya yakin pertemuan kami akan membantu mempromosikan hubungan persahabatan", "different statements"),
    ],
)
def test_different_statements_by_the_same_speaker_do_not_match(a, b, why):
    assert cluster([unit(1, 1, a), unit(2, 2, b)]) == [], why


def test_same_words_far_apart_in_time_do_not_match():
    text = "Tekanan sanksi terhadap Rusia dan Iran terbukti sia-sia sementara kerja sama mencapai titik baru"
    assert cluster([unit(1, 1, text), unit(2, 2, text, published="2016-02-18")]) == []


def test_speaker_evidence_weighs_against_a_paraphrase_by_someone_else_but_not_identical_words():
    a = "Tekanan sanksi terhadap Rusia dan Iran menunjukkan kesia-siaan, sementara interaksi Rusia-Iran mencapai tingkat yang baru"
    b = "Tekanan sanksi terhadap Rusia dan Iran terbukti sia-sia, sementara kerja sama Rusia-Iran mencapai titik tertinggi baru"
    assert len(cluster([unit(1, 1, a), unit(2, 2, b, speaker="Shoigu")])) == 1  # a short name is the same speaker
    assert cluster([unit(1, 1, a), unit(2, 2, b, speaker="Mohammad Reza Ashtiani")]) == []
    # Word for word the same: one outlet (or the extractor) misattributed it; still one claim.
    assert len(cluster([unit(1, 1, b), unit(2, 2, b, speaker="Mohammad Reza Ashtiani")])) == 1


def test_units_keep_offsets_into_the_article():
    quote = {"id": 7, "article_id": 3, "speaker_name": "X", "published": None, "start": 100,
             "text": "Kalimat pertama yang cukup panjang. Kalimat kedua juga cukup panjang,"}
    units = split_units(quote)
    assert [u.text for u in units] == ["Kalimat pertama yang cukup panjang.", "Kalimat kedua juga cukup panjang,"]
    assert [u.start - 100 for u in units] == [0, 36]


def test_normalise_and_similarity():
    assert normalise("Kami SIAP, kata dia!") == "siap kata"
    assert similarity("a b c d", "a b c d") == 100


def test_seed_claims_pair_sindonews_with_purna_warta(nlp):
    db = storage.open_database()
    ingest_seeds(db, nlp)
    storage.rebuild_claims(db)
    claims = list(storage.list_claims(db))
    pairs = {tuple(sorted(m["outlet"] for m in claim["members"])) for claim in claims}
    assert pairs == {("Purna Warta", "SINDOnews")}
    assert len(claims) == 4
    sanctions = [c for c in claims if any("sanksi" in m["text"] for m in c["members"])]
    assert len(sanctions) == 1 and {m["kind"] for m in sanctions[0]["members"]} == {"direct"}
    article_text = {row["id"]: row["text"] for row in db["articles"].rows}
    for claim in claims:
        for member in claim["members"]:
            assert article_text[member["article_id"]][member["start"] : member["end"]] == member["text"]
    storage.rebuild_claims(db)
    assert len(list(storage.list_claims(db))) == len(claims)
