import datetime as dt

import pytest

from claimtrack import storage
from claimtrack.matching import (
    UNDATED,
    ClaimUnit,
    Joining,
    ScoringCorpus,
    StemCalendar,
    candidate_pairs,
    cluster,
    content_stems,
    copied,
    day_number,
    incremental,
    join_scored_pairs,
    normalise,
    number_agreement,
    numbers,
    pair_probability,
    similarity,
    speaker_agreement,
    split_units,
)

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


# Speaker names as outlets and the extractor give them (claims gold, CLICK-ID).
@pytest.mark.parametrize(
    ("a", "b", "expected", "why"),
    [
        ("Sergei Shoigu", "Shoigu", "same", "a surname alone"),
        ("Bamsoet", "Ketua DPR Bambang Soesatyo", "same", "a nickname (data/id.toml [matching.nicknames])"),
        ("Kang Emil", "Ridwan Kamil", "same", "an honorific and a nickname"),
        ("CR7", "Cristiano Ronaldo", "same", "a nickname written as an acronym"),
        ("Mensesneg Pratikno", "Partikno", "same", "a misspelt name, office word dropped"),
        ("Laode M Syarif", "Laode Muhammad Syarif", "same", "an initial"),
        ("Kasubbid", "I Gede Nyeneng", "unknown", "a role abbreviation is no name: unknown"),
        ("Perdana Menteri Malaysia", "Mahathir Mohamad", "unknown", "a role and a country: unknown"),
        ("Teheran", "Abbas Mousavi", "unknown", "a capital for its government: unknown"),
        ("pernyataan", "Donald Trump", "unknown", "a source noun: unknown"),
        ("Jelang", "Simon McMenemy", "unknown", "a sentence's first word taken for a speaker: unknown"),
        ("Budi", "Budi Karya Sumadi", "same", "a given name that is also a common word (`budi`) is a name"),
        ("Alibaba Group", "Lion Air Group", "conflict", "two companies that share only their kind"),
        ("Cristiano Ronaldo", "Oscar Lundahl", "conflict", "two people"),
        ("Reuters", "dua pejabat senior Iran dan dua diplomat Iran", "conflict", "two sources, neither a person"),
    ],
)
def test_speaker_agreement(a, b, expected, why):
    assert speaker_agreement(a, b) == expected, why
    assert speaker_agreement(b, a) == expected, why


# One statement under two names of its speaker (claims gold c045, c057, c015, c021).
@pytest.mark.parametrize(
    ("speaker_a", "a", "speaker_b", "b"),
    [
        ("Bamsoet", "Kami banyak mendapat tekanan keras dari pihak-pihak asing dan terutama Eropa, mereka menghendaki pasal yang larang LGBT itu dicabut dan kami menolak",
         "Ketua DPR Bambang Soesatyo", "Dalam pembahasan itu kami mendapat tekanan dari pihak asing, terutama Eropa, yang ingin pasal larangan LGBT dihapus"),
        ("Kang Emil", "Saya sudah dengar, memang sejalan dengan apa yang saya pikirkan.",
         "Ridwan Kamil", "Saya sudah dengan dan memang sejalan dengan apa yang juga saya pikirkan,"),
        ("Kasubbid", "Dengan ini, tugas dan tanggung jawab Polda Metro Jaya dialihkan dan diserahkan ke Kejaksaan Negeri Jakarta Selatan,",
         "I Gede Nyeneng", "Dengan dikeluarkannya surat pernyataan lengkap oleh Kejati, maka tugas dan tanggung jawab Polda Metro Jaya akan dialihkan dan diserahkan ke Kejaksaan Negeri Jaksel."),
        # Colloquial spellings (`udah`, `sodara`) compared as the standard word.
        ("Raffi Ahmad", "Dia sedih aku udah setua ini, dijodohin tapi disuruh sama sodara sendiri,",
         "Raffi Ahmad", "Dia sedih aku sudah setua ini, dijodohin tapi disuruh sama saudara sendiri"),
    ],
)
def test_one_statement_under_two_names_of_its_speaker_matches(speaker_a, a, speaker_b, b):
    assert len(cluster([unit(1, 1, a, speaker=speaker_a), unit(2, 2, b, speaker=speaker_b)])) == 1


def test_the_same_paraphrase_by_someone_else_does_not_match():
    a = ("Kami banyak mendapat tekanan keras dari pihak-pihak asing dan terutama Eropa, mereka menghendaki pasal yang "
         "larang LGBT itu dicabut dan kami menolak")
    b = "Dalam pembahasan itu kami mendapat tekanan dari pihak asing, terutama Eropa, yang ingin pasal larangan LGBT dihapus"
    assert len(cluster([unit(1, 1, a, speaker="Bamsoet"), unit(2, 2, b, speaker="Bambang Soesatyo")])) == 1
    assert cluster([unit(1, 1, a, speaker="Bamsoet"), unit(2, 2, b, speaker="Fadli Zon")]) == []


@pytest.mark.parametrize(
    ("speaker_a", "a", "speaker_b", "b", "why"),
    [
        ("Cristiano Ronaldo", "Saya tidak pernah melihat videonya.",
         "Oscar Lundahl", "Saya belum pernah melihat yang seperti ini sebelumnya.", "a short generic sentence, two people"),
        # seeds 003 and 004: a Reuters report and what officials told Reuters (provided vs promised)
        ("Reuters", "Iran telah menyediakan sejumlah besar rudal balistik permukaan-ke-permukaan kepada Rusia.",
         "dua pejabat senior Iran dan dua diplomat Iran", "Iran telah berjanji untuk memberi Rusia rudal permukaan-ke-permukaan.",
         "two sources on one topic"),
    ],
)
def test_similar_words_from_different_speakers_do_not_match(speaker_a, a, speaker_b, b, why):
    assert cluster([unit(1, 1, a, speaker=speaker_a), unit(2, 2, b, speaker=speaker_b)]) == [], why


def quote(quote_id, article_id, speaker, text, *, kind="direct"):
    return {"id": quote_id, "article_id": article_id, "speaker_name": speaker, "published": "2019-09-20", "start": 0,
            "text": text, "kind": kind}


def claims_of(quotes):
    return [sorted({u.quote_id for u, _ in claim.members}) for claim in cluster(u for q in quotes for u in split_units(q))]


def test_an_article_may_give_a_statement_as_a_quote_and_as_a_paraphrase():
    # claims gold c004: article 1 quotes Ginting and paraphrases the same words; its next quote
    # (another statement, quote 5) stays out.
    ginting = "Anthony Sinisuka Ginting"
    quotes = [
        quote(1, 1, ginting, "Saya tidak mau memikirkan kalau saya juara bertahan, fokus pada pertandingan yang ini saja"),
        quote(2, 1, ginting, "tidak ingin terlalu memikirkan statusnya sebagai juara bertahan di turnamen China Open 2019 "
                             "karena ingin lebih fokus pada jalannya pertandingan."),
        quote(3, 2, ginting, "Saya tidak mau memikirkan kalau saya juara bertahan, fokus pada (pertandingan) yang ini saja"),
        quote(4, 3, ginting, "Saya tidak mau memikirkan kalau saya juara bertahan, fokus pada yang ini saja"),
        quote(5, 1, ginting, "Mau lawan siapa pun sekarang tidak boleh lengah. Status unggulan hanya di atas kertas, di lapangan "
                             "kan beda lagi. Kalau tahun lalu saya dapat undian berat, tahun ini pun juga tidak mudah"),
    ]
    assert claims_of(quotes) == [[1, 2, 3, 4]]


def test_a_looser_reported_version_stays_out_and_so_do_the_speakers_next_statements():
    # claims gold c045: Okezone (article 1) quotes Bamsoet and reports the same statement as
    # indirect speech. The reported version is a looser paraphrase (0.73 with the quote, under the
    # pair threshold): the claim holds the three quotes. (The engine before the pair model took it
    # in; the threshold is chosen for precision on the tuning half, and this one falls short.) His
    # next statements (quotes 5 and 6, the claim's hard negatives) stay out.
    soesatyo = "Bambang Soesatyo"
    quotes = [
        quote(1, 1, soesatyo, "Kami banyak mendapat tekanan keras dari pihak-pihak asing dan terutama Eropa, mereka "
                              "menghendaki pasal yang larang LGBT itu dicabut dan kami menolak", kind="direct"),
        quote(2, 1, "Bamsoet", "pihaknya mendapatkan tekanan dari negara lain untuk menghapus pasal terkait Lesbian, Gay, "
                               "Biseksual dan Transgender (LGBT) dalam Revisi Kitab Undang-Undang Hukum Pidana ( RKUHP).",
              kind="indirect"),
        quote(3, 2, soesatyo, "Kami banyak mendapat tekanan keras dari pihak-pihak asing dan Eropa. Mereka menghendaki "
                              "pasal yang larang LGBT itu dicabut", kind="direct"),
        quote(4, 3, soesatyo, "Dalam pembahasan itu kami banyak mendapat tekanan keras dari pihak-pihak asing dan Eropa, "
                              "mereka menghendaki pasal yang larang LGBT itu dicabut dan kami menolak", kind="direct"),
        quote(5, 2, soesatyo, "Semangat kami di DPR sebagai bangsa dengan mayoritas Islam, muslim dan kita bangsa yang "
                              "beragama kami secara tegas menolak LGBT", kind="direct"),
        quote(6, 2, soesatyo, "Kami tidak ingin anak-anak bangsa kami memiliki kehidupan yang bertentangan dengan agama",
              kind="direct"),
    ]
    assert claims_of(quotes) == [[1, 3, 4]]


def test_the_speakers_next_statements_in_the_same_articles_stay_out():
    # claims gold c001 and its hard negatives (quotes 4 and 5, in article 2).
    paulus = "Ferry Paulus"
    quotes = [
        quote(1, 1, paulus, "Jadi per hari ini, Persija sudah memutuskan untuk tidak melanjutkan kerja sama dengan Julio Banuelos "
                            "dan Eduardo Perez. Kami sudah berkomunikasi dengan dua pelatih tersebut"),
        quote(2, 2, paulus, "Jadi per-hari ini, Persija sudah memutuskan untuk tidak melanjutkan kerja sama dengan Julio dan Edu. "
                            "Baru saja kami berkomunikasi dengan keduanya"),
        quote(3, 3, paulus, "Per hari ini, Persija memutuskan untuk tidak melanjutkan kerja sama dengan pelatih Julio dan Eduardo. "
                            "Kami sudah berkomunikasi dengan mereka usai pertandingan"),
        quote(4, 2, paulus, "Tentunya Persija mengucapkan terima aksih pada dua pelatih ini yakni Julio dan Edu yang memberikan "
                            "banyak warna baru"),
        quote(5, 2, paulus, "Dalam waktu dekat ini Persija akan cari caretaker smeentara, mungkin antara Mustaqim dan Sudirman "
                            "yang lisensinya kebutuhan"),
    ]
    claims = claims_of(quotes)
    assert [1, 2, 3] in claims
    assert all(4 not in claim and 5 not in claim for claim in claims)


def test_a_chain_of_pairwise_matches_does_not_carry_another_statement_in():
    # Jokowi on new provinces, three outlets, and the MRT director's `mungkin 2 atau 3 tahun`,
    # which the engine before the pair model scored above its threshold with the unattributed
    # version (`Presiden`).
    units = [
        unit(1, 1, "Mungkin kalau enggak dua, tiga,", speaker="Jokowi"),
        unit(2, 2, "Mungkin kalau enggak dua ya tiga,", speaker="Presiden"),
        unit(3, 3, "Mungkin kalau enggak dua atau tiga saja,", speaker="Jokowi"),
        unit(4, 4, "Kami akan bicarakan tambah rangakaian kalau sudah di angka 170 ribu penumpang mungkin 2 atau 3 tahun "
                   "dari sekarang,", speaker="William Sabandar"),
    ]
    stems = [content_stems(u.text) for u in units]
    idf = dict.fromkeys(stems[1] | stems[3], 1.0)
    assert pair_probability(units[1], units[3], stems[1], stems[3], idf, len(units)) < 0.5
    assert [sorted(u.quote_id for u, _ in claim.members) for claim in cluster(units)] == [[1, 2, 3]]


def joined(probabilities: dict[tuple[int, int], float], units: list[ClaimUnit], **rules: float) -> list[list[int]]:
    """The claims `join_scored_pairs` makes of units whose pair probabilities are given (0.0 for
    any other pair), with joining rules whose pair and member thresholds are 0.88 (and ``rules``)."""
    def score_of(i, j):
        return probabilities.get((min(i, j), max(i, j)), 0.0)

    claims = join_scored_pairs(units, [(p, i, j) for (i, j), p in probabilities.items()], score_of,
                               joining=Joining(pair=0.88, member=0.88, second_report=0.9, **rules))
    return sorted(sorted(u.quote_id for u, _ in claim.members) for claim in claims)


def test_every_member_states_the_canonical_wording_so_no_chain_carries_a_claim_on():
    # 1-2-3-4, a chain of strong pairs. 2, 3 and 4 all state 3's wording (the canonical one); 1
    # states 2's, but not 3's, and stays out, though its pair with 2 is strong.
    units = [unit(n, n, f"kalimat {n} tentang sesuatu yang penting") for n in range(1, 5)]
    probabilities = {(0, 1): 0.95, (1, 2): 0.96, (2, 3): 0.97, (0, 2): 0.5, (1, 3): 0.2, (0, 3): 0.1}
    assert joined(probabilities, units) == [[2, 3, 4]]
    # Where 1 states 3's wording too, it joins.
    probabilities[(0, 2)] = 0.9
    assert joined(probabilities, units) == [[1, 2, 3, 4]]


def test_a_claim_is_one_speakers_statement():
    # Two people's `Saya tidak tahu apa yang terjadi` in one week (CLICK-ID: Jorge Lorenzo, Ray
    # Sahetapy): however probable the pair, a member's speaker may not be another person than the
    # canonical wording's; a speaker that names no person (`Presiden`) may be either.
    units = [unit(1, 1, "Saya tidak tahu apa yang terjadi.", speaker="Jorge Lorenzo"),
             unit(2, 2, "Karena kan saya nggak tahu apa yang terjadi.", speaker="Ray Sahetapy"),
             unit(3, 3, "Saya tidak tahu apa yang terjadi.", speaker="Presiden")]
    assert joined({(0, 1): 0.97, (0, 2): 0.99, (1, 2): 0.97}, units) == [[1, 3]]


@pytest.mark.parametrize(
    ("kind", "probability", "expected"),
    [
        ("indirect", 0.89, [[1, 2, 3]]),  # a quote and its report in one article: each once
        ("direct", 0.89, [[1, 3]]),  # two quotes of one article need the second-report bar (0.9)
        ("direct", 0.93, [[1, 2, 3]]),
    ],
)
def test_an_article_reports_a_statement_once_but_as_a_quote_and_as_reported_speech(kind, probability, expected):
    units = [ClaimUnit(1, 1, "Sergei Shoigu", "2023-09-20", 0, 10, "kalimat satu", kind="direct"),
             ClaimUnit(2, 1, "Sergei Shoigu", "2023-09-20", 20, 30, "kalimat dua", kind=kind),
             ClaimUnit(3, 2, "Sergei Shoigu", "2023-09-20", 0, 10, "kalimat tiga", kind="direct")]
    assert joined({(0, 2): 0.97, (1, 2): probability, (0, 1): 0.5}, units) == expected


@pytest.mark.parametrize(
    ("kind", "probability", "expected"),
    [
        ("direct", 0.90, [[1, 2, 3]]),  # quotes: the member threshold (0.88)
        ("indirect", 0.90, [[1, 2]]),  # reported speech: the reported threshold (0.95)
        ("indirect", 0.96, [[1, 2, 3]]),
    ],
)
def test_reported_speech_states_the_canonical_wording_more_surely(kind, probability, expected):
    # Coherence audit, first sample: in 17 of the 23 claims of several statements the stray
    # member was reported speech, stating the canonical wording with 0.85-0.95 (Klopp's `siap
    # mempertahankan trofi` and, reported, `mempertahankan gelar ... bakal lebih sulit`).
    units = [ClaimUnit(1, 1, "Juergen Klopp", "2019-09-20", 0, 10, "kalimat satu", kind="direct"),
             ClaimUnit(2, 2, "Juergen Klopp", "2019-09-20", 0, 10, "kalimat dua", kind="direct"),
             ClaimUnit(3, 3, "Juergen Klopp", "2019-09-20", 0, 10, "kalimat tiga", kind=kind)]
    assert joined({(0, 1): 0.99, (0, 2): probability, (1, 2): probability}, units, reported=0.95) == expected


@pytest.mark.parametrize(
    ("speaker", "probability", "expected"),
    [
        ("Dedi Prasetyo", 0.96, [[1, 2, 3]]),  # the same speaker: the member threshold (0.88)
        ("keterangan foto", 0.96, [[1, 2]]),  # no person named: the unconfirmed threshold (0.97)
        ("keterangan foto", 0.98, [[1, 2, 3]]),
    ],
)
def test_a_member_whose_speaker_is_not_confirmed_states_the_wording_more_surely(speaker, probability, expected):
    # Coherence audits: a photo caption's `lebih besar dari yang diperkirakan, 4 meter 80 cm`
    # with an officer's 4.4 m shark, `Pihak kepolisian` with Risma: a speaker that names no person
    # lets any wording of the same words in.
    units = [ClaimUnit(1, 1, "Dedi Prasetyo", "2019-09-20", 0, 10, "kalimat satu", kind="direct"),
             ClaimUnit(2, 2, "Dedi Prasetyo", "2019-09-20", 0, 10, "kalimat dua", kind="direct"),
             ClaimUnit(3, 3, speaker, "2019-09-20", 0, 10, "kalimat tiga", kind="direct")]
    assert joined({(0, 1): 0.99, (0, 2): probability, (1, 2): probability}, units, unconfirmed=0.97) == expected


def test_with_a_mutual_threshold_every_two_members_state_one_statement():
    # A reported wording of two statements (`situasi ekonomi dunia penuh ketidakpastian dan
    # beberapa negara sudah masuk resesi`) states what each of two quotes states; the quotes state
    # nothing of each other. With ``mutual`` the wording joins one of them only.
    units = [ClaimUnit(1, 1, "Joko Widodo", "2019-09-20", 0, 10, "kalimat satu", kind="indirect"),
             ClaimUnit(2, 2, "Joko Widodo", "2019-09-20", 0, 10, "kalimat dua", kind="direct"),
             ClaimUnit(3, 3, "Joko Widodo", "2019-09-20", 0, 10, "kalimat tiga", kind="direct")]
    probabilities = {(0, 1): 0.99, (0, 2): 0.98, (1, 2): 0.05}
    assert joined(probabilities, units) == [[1, 2, 3]]
    assert joined(probabilities, units, mutual=0.2) == [[1, 2]]


def test_a_statement_split_in_two_sentences_is_one_claim_with_the_whole_as_its_wording():
    # Claims gold c057: Ridwan Kamil on naming the airport after Habibie, one statement. Two
    # outlets split his quote into two sentences, one outlet gives it whole (unit 5): the whole is
    # the canonical wording, and each half states part of it. The reported paraphrase (unit 8,
    # 0.65 with the whole) is under the threshold and stays out; the engine before the pair model
    # took it in.
    emil = "Ridwan Kamil"
    units = [
        unit(1, 1, "Saya sudah dengar, memang sejalan dengan apa yang saya pikirkan.", speaker=emil),
        unit(2, 1, "Hanya butuh proses saja,", speaker=emil),
        unit(3, 2, "Saya sudah dengar, memang sejalan dengan apa yang saya pikirkan.", speaker=emil),
        unit(4, 2, "Hanya butuh proses saja,", speaker=emil),
        unit(5, 3, "Saya sudah dengar (petisi BIJB jadi Bandara BJ Habibie), memang sejalan dengan apa yang saya "
                   "pikirkan, hanya butuh proses saja,", speaker=emil),
        unit(6, 4, "Saya sudah dengan dan memang sejalan dengan apa yang juga saya pikirkan,", speaker=emil),
        unit(7, 5, "Saya sudah dengan dan memang sejalan dengan apa yang juga saya pikirkan,", speaker=emil),
        unit(8, 6, "usulan tersebut sejalan dengan pemikirannya untuk mengapresiasi nama besar BJ Habibie.", speaker=emil),
    ]
    [claim] = cluster(units)
    assert sorted(u.quote_id for u, _ in claim.members) == [1, 2, 3, 4, 5, 6, 7]
    assert claim.canonical.quote_id == 5


# Numbers as outlets write them (claims gold c058, c059: the MRT director on passenger numbers).
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kemarin hari pertama ada 87.000 penumpang, biasanya 70-80.000 penumpang.", {"87000", "70", "80000"}),
        ("di angka 170 ribu penumpang mungkin 2 atau 3 tahun dari sekarang", {"170000", "2", "3"}),
        ("Ya sampai akhir tahun kita targetkan 100.000 penumpang beralih ke MRT.", {"100000"}),
        ("Seluruh temuan BPK di semester I 2019", {"2019"}),
        ("membeli sistem pertahanan udara S-400", set()),  # a name with digits is no number
        ("dengan dikeluarkannya surat P21", set()),
    ],
)
def test_numbers_of_a_wording(text, expected):
    assert numbers(normalise(text)) == expected


@pytest.mark.parametrize(
    ("a", "b", "expected", "why"),
    [
        ("Kemarin hari pertama ada 87.000 penumpang,", "Ya sampai akhir tahun kita targetkan 100.000 penumpang beralih ke MRT.",
         "conflict", "yesterday's count and the year's target"),
        ("pihaknya pada tahun ini akan terus mengejar target jumlah penumpang hingga 100.000 penumpang.",
         "Ya, sampai akhir tahun kita targetkan 100 ribu penumpang beralih ke MRT.", "same", "one number in two spellings"),
        ("Seluruh temuan BPK di semester I 2019 akan memberikan informasi berharga",
         "temuan BPK selama enam bulan pertama tahun 2019 akan memberikan informasi yang sangat berharga", "same",
         "a number shared"),
        # claims gold c166 and its negative: two fights, one district in common.
        ("Tawuran diduga terjadi antara warga RW 08 Bukit Duri dengan warga RW 12 Bukit Duri,",
         "tawuran dipicu saat kelompok warga RW 12 mencari seorang warga dari RW 09 berinisial A", "partial",
         "each gives a number the other does not"),
        ("Kita selalu menghargai apa yang dilakukan BPK dalam auditnya.",
         "Seluruh temuan BPK di semester I 2019 akan memberikan informasi berharga", "unknown", "numbers on one side only"),
    ],
)
def test_number_agreement(a, b, expected, why):
    assert number_agreement(normalise(a), normalise(b)) == expected, why


def test_the_same_speakers_other_numbers_stay_out():
    # claims gold c059 and its neighbour: the MRT director's target (100,000 a day by the end of
    # the year), reported by two outlets, and his next sentence in the same days (more trains at
    # 170,000), which shares the speaker, the topic and most of the words of the paraphrase.
    sabandar = "William Sabandar"
    units = [
        unit(1, 1, "Ya, sampai akhir tahun kita targetkan 100.000 penumpang beralih ke MRT.", speaker=sabandar),
        unit(2, 2, "pihaknya pada tahun ini akan terus mengejar target jumlah penumpang hingga 100.000 penumpang.",
             speaker=sabandar),
        unit(3, 3, "Kami akan bicarakan tambah rangakaian kalau sudah di angka 170 ribu penumpang mungkin 2 atau 3 tahun "
                   "dari sekarang,", speaker=sabandar),
    ]
    assert number_agreement(normalise(units[0].text), normalise(units[2].text)) == "conflict"
    assert [sorted(u.quote_id for u, _ in claim.members) for claim in cluster(units)] == [[1, 2]]


def test_same_words_far_apart_in_time_do_not_match():
    text = "Tekanan sanksi terhadap Rusia dan Iran terbukti sia-sia sementara kerja sama mencapai titik baru"
    assert cluster([unit(1, 1, text), unit(2, 2, text, published="2016-02-18")]) == []


def test_two_people_make_two_claims_even_in_the_same_words():
    a = "Tekanan sanksi terhadap Rusia dan Iran menunjukkan kesia-siaan, sementara interaksi Rusia-Iran mencapai tingkat yang baru"
    b = "Tekanan sanksi terhadap Rusia dan Iran terbukti sia-sia, sementara kerja sama Rusia-Iran mencapai titik tertinggi baru"
    assert len(cluster([unit(1, 1, a), unit(2, 2, b, speaker="Shoigu")])) == 1  # a short name is the same speaker
    assert cluster([unit(1, 1, a), unit(2, 2, b, speaker="Mohammad Reza Ashtiani")]) == []
    # Word for word the same long wording, attributed to another person: one outlet (or the
    # extractor) misattributed it; still one claim.
    assert len(cluster([unit(1, 1, b), unit(2, 2, b, speaker="Mohammad Reza Ashtiani")])) == 1
    assert len(cluster([unit(1, 1, b), unit(2, 2, b, speaker="Menhan Rusia")])) == 1  # an office names no person


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        # A short sentence is anybody's.
        ("Saya tidak tahu apa yang terjadi.", "Saya tidak tahu apa yang terjadi.", False),
        # One long wording in two outlets (CLICK-ID, Kompas.com and Tribunnews on Sri Mulyani's pay).
        ("Sri Mulyani Indrawati kembali ke Indonesia dengan meninggalkan gajinya yang puluhan kali lipat dari gaji "
         "yang diterima sebagai menteri sekarang ini,",
         "Sri Mulyani Indrawati kembali ke Indonesia dengan meninggalkan gajinya yang puluhan kali lipat dari gaji "
         "yang diterima sebagai menteri sekarang ini", True),
        # Long, but reworded: not a copy.
        ("Tekanan sanksi terhadap Rusia dan Iran menunjukkan kesia-siaan, sementara interaksi Rusia-Iran mencapai "
         "tingkat yang baru",
         "Tekanan sanksi terhadap Rusia dan Iran terbukti sia-sia, sementara kerja sama Rusia-Iran mencapai titik "
         "tertinggi baru", False),
    ],
)
def test_a_copy_is_one_long_wording_word_for_word(a, b, expected):
    assert copied(a, b) is expected


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("Kalimat pertama yang cukup panjang. Kalimat kedua juga cukup panjang,",
         ["Kalimat pertama yang cukup panjang.", "Kalimat kedua juga cukup panjang,"]),
        # A number's thousands separator or decimal point ends no sentence.
        ("Ya, sampai akhir tahun kita targetkan 100.000 penumpang beralih ke MRT. Makanya kita terus kampanyekan itu",
         ["Ya, sampai akhir tahun kita targetkan 100.000 penumpang beralih ke MRT.", "Makanya kita terus kampanyekan itu"]),
        ("Inflasi naik 2.5 persen tahun ini. Kami akan terus memantau harga pangan!",
         ["Inflasi naik 2.5 persen tahun ini.", "Kami akan terus memantau harga pangan!"]),
    ],
)
def test_units_are_sentences(text, sentences):
    assert [u.text for u in split_units(quote(1, 1, "X", text))] == sentences


def test_units_keep_offsets_into_the_article():
    quote = {"id": 7, "article_id": 3, "speaker_name": "X", "published": None, "start": 100,
             "text": "Kalimat pertama yang cukup panjang. Kalimat kedua juga cukup panjang,"}
    units = split_units(quote)
    assert [u.text for u in units] == ["Kalimat pertama yang cukup panjang.", "Kalimat kedua juga cukup panjang,"]
    assert [u.start - 100 for u in units] == [0, 36]


def test_normalise_and_similarity():
    assert normalise("Kami SIAP, kata dia!") == "siap kata"
    assert normalise("Udah, enggak ada masalah sama sodara") == normalise("Sudah, tidak ada masalah sama saudara")
    assert similarity("a b c d", "a b c d") == 100


def test_seed_claims_pair_sindonews_with_purna_warta(nlp):
    db = storage.open_database()
    ingest_seeds(db, nlp)
    incremental.rebuild_claims(db)
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
    incremental.rebuild_claims(db)
    assert len(list(storage.list_claims(db))) == len(claims)


# --- rarity in a date window --------------------------------------------------------------------

SANCTIONS = ("Tekanan sanksi terhadap Rusia dan Iran menunjukkan kesia-siaan, sementara interaksi Rusia-Iran "
             "mencapai tingkat yang baru")
SANCTIONS_REWORDED = ("Tekanan sanksi terhadap Rusia dan Iran terbukti sia-sia, sementara kerja sama Rusia-Iran "
                      "mencapai titik tertinggi baru")


def other_months(count):
    """``count`` reports of statements in the same words by someone else, one every eight days
    from January 2023 on: the words are common in the corpus, not in September."""
    return [unit(100 + n, 100 + n, SANCTIONS, speaker="Hassan Rouhani",
                 published=(dt.date(2023, 1, 1) + dt.timedelta(days=8 * n)).isoformat()) for n in range(count)]


def test_stems_common_in_the_corpus_but_rare_in_the_week_still_find_candidates(monkeypatch):
    monkeypatch.setattr("claimtrack.matching.candidates.MAX_STEM_DF", 5)
    week = [unit(1, 1, SANCTIONS), unit(2, 2, SANCTIONS_REWORDED)]
    claims = cluster(week + other_months(20))
    assert [sorted(u.quote_id for u, _ in claim.members) for claim in claims] == [[1, 2]]


def test_stems_common_in_the_week_are_rare_among_one_speakers_words(monkeypatch):
    """All the words are common that week (ten reports by someone else): two wordings by one
    speaker still meet through the speaker's keys (`shoigu|sanksi`), a wording with no named
    speaker does not."""
    monkeypatch.setattr("claimtrack.matching.candidates.MAX_STEM_DF", 5)
    week = [unit(1, 1, SANCTIONS), unit(2, 2, SANCTIONS_REWORDED, speaker="Shoigu"),
            unit(3, 3, SANCTIONS, speaker="")]
    same_week = [unit(100 + n, 100 + n, SANCTIONS, speaker="Hassan Rouhani", published=f"2023-09-{18 + n % 5}")
                 for n in range(10)]
    units = week + same_week
    pairs, _ = candidate_pairs([content_stems(u.text) for u in units], units)
    assert (0, 1) in pairs
    assert (0, 2) not in pairs and (1, 2) not in pairs


def test_an_undated_unit_counts_rarity_in_the_whole_corpus(monkeypatch):
    monkeypatch.setattr("claimtrack.matching.candidates.MAX_STEM_DF", 5)
    units = [unit(1, 1, SANCTIONS), unit(2, 2, SANCTIONS_REWORDED, published=None)] + other_months(20)
    days = [day_number(u.published) for u in units]
    calendar = StemCalendar.of([content_stems(u.text) for u in units], days)
    assert "sanksi" in calendar.rare(content_stems(SANCTIONS), days[0])
    assert "sanksi" not in calendar.rare(content_stems(SANCTIONS_REWORDED), UNDATED)
    # An undated unit is in every window: it counts in September's.
    assert calendar.window_count("sanksi", days[0]) == 2


@pytest.mark.parametrize("blocks", [1, 2, 5])
def test_the_candidate_index_reads_the_window_of_each_unit(monkeypatch, blocks):
    """The index finds, block by block, the pairs of `candidate_pairs`, with undated units among dated ones."""
    monkeypatch.setattr("claimtrack.matching.candidates.MAX_STEM_DF", 5)
    units = ([unit(1, 1, SANCTIONS), unit(2, 2, SANCTIONS_REWORDED), unit(3, 3, SANCTIONS, published=None),
              unit(4, 4, SANCTIONS_REWORDED, published="2023-09-24"), unit(5, 5, SANCTIONS, published="2023-09-23")]
             + other_months(20))
    corpus = ScoringCorpus(units, [content_stems(u.text) for u in units])
    found = set().union(*(corpus.index.candidates_of(range(block, len(units), blocks)) for block in range(blocks)))
    expected, _ = candidate_pairs(corpus.stems, units)
    assert found == expected
    assert {(0, 1), (0, 4), (1, 4), (3, 4)} <= found and (0, 3) not in found  # 2023-09-20 / 09-24: four days apart
