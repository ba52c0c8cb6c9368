"""Hard-wrapped text: which line breaks are wraps, and quotes found across them with true offsets."""

import pytest

from claimtrack.extracting import extract_text
from claimtrack.extracting.wraps import marks_decoded, unwrapped

# hoax600-543 (ensiklopediabebas.com) is wrapped at about 90 columns, quotes and names across lines.
WRAPPED_BLOG = (
    "Sebuah kabar jika Facebook akan diblokir pada tanggal 24 April 2018 viral di media sosial.\n"
    "Diketahui, info itu pertama kali diposting oleh akun bernama “Rudi Salam”,\n"
    "kemudian banyak warganet yang ikut merepost postingan tersebut.\n"
    "Postingan dari akun Rudi Salam yang dipost pada sabtu (14/4).\n"
    "Mendapat puluhan ribu share dengan berbagai komentar.\n"
    "Dalam keterangan unggahannya itu, Rudi menulis\n"
    "“Mulai 24 April Facebook Indonesia akan ditutup.\n"
    "Selamat datang kembali di zaman batu. Ucapkan selamat\n"
    "tinggal untuk teman-teman di Facebook kalian sebelum ditutup,” tulisnya\n"
    "Informasi ini dipastikan tidak benar atau hoaks. Menteri Komunikasi dan\n"
    "Informatika (Menkominfo) Rudiantara dalam berbagai kesempatan tidak pernah\n"
    "mengatakan akan memblokir Facebook. Sementara itu, kedua hal ini belum terbukti.\n"
    "“Kalau ada indikasi bahwa Facebook di Indonesia digunakan untuk penghasutan,\n"
    "seperti yang terjadi di Myanmar, saya tidak punya keraguan untuk blokir,”\n"
    "kata Rudiantara, Rabu (11/4/2018), di Gedung Kominfo, Medan Merdeka, Jakarta,\n"
    "seperti terlansir dari Kompas.com"
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A lower-case word goes on over the break, in any text.
        ("“Reog Ponorogo sudah dalam\nkondisi rusak,” tulis KJRI Davao.",
         "“Reog Ponorogo sudah dalam kondisi rusak,” tulis KJRI Davao."),
        ("Dia datang,\nlalu pergi.", "Dia datang, lalu pergi."),
        # Paragraphs, headings and a blank line stay apart.
        ("Kalimat pertama.\nKalimat kedua.", "Kalimat pertama.\nKalimat kedua."),
        ("Pikachu\nBerasal dari gabungan kata.", "Pikachu\nBerasal dari gabungan kata."),
        ("Dia datang\n\nlalu pergi.", "Dia datang\n\nlalu pergi."),
    ],
)
def test_wraps(text, expected):
    assert unwrapped(text) == expected


def test_a_hard_wrapped_text_reads_as_its_paragraphs():
    plain = unwrapped(WRAPPED_BLOG)
    assert len(plain) == len(WRAPPED_BLOG)
    # Wrapped lines are joined: inside a name, and inside a quote after a sentence's end.
    assert "Menteri Komunikasi dan Informatika (Menkominfo) Rudiantara" in plain
    assert "akan ditutup. Selamat datang" in plain
    # Short lines that end a sentence end their paragraph.
    assert "berbagai komentar.\nDalam keterangan" in plain


def test_quotes_across_wraps_keep_the_raw_text(nlp):
    quotes = extract_text(WRAPPED_BLOG, nlp)
    direct = [(q.text, q.speaker_name) for q in quotes if q.kind == "direct"]
    assert direct == [
        ("Mulai 24 April Facebook Indonesia akan ditutup.\nSelamat datang kembali di zaman batu. Ucapkan selamat\n"
         "tinggal untuk teman-teman di Facebook kalian sebelum ditutup,", "Rudi Salam"),
        ("Kalau ada indikasi bahwa Facebook di Indonesia digunakan untuk penghasutan,\nseperti yang terjadi di "
         "Myanmar, saya tidak punya keraguan untuk blokir,", "Rudiantara"),
    ]
    for quote in quotes:
        assert WRAPPED_BLOG[quote.start : quote.end] == quote.text
        if quote.speaker_start is not None and quote.speaker not in ("", "-nya"):
            assert WRAPPED_BLOG[quote.speaker_start : quote.speaker_end] == quote.speaker
    # `tidak pernah\nmengatakan`: a negated cue reports nothing.
    assert not [q for q in quotes if q.cue == "mengatakan"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The mark stands beside the words it quotes; the entity's length is kept with spaces.
        ("&#8220;Itu haram,&#8221; kata Hatta", "      “Itu haram,”       kata Hatta"),
        ("<i>&#8220;Bristles&#8221;.</i>", "<i>      “Bristles”      .</i>"),
        ("ujarnya: &quot;Kami siap&quot;.", 'ujarnya:      "Kami siap"     .'),
        # An apostrophe inside a word, and other entities, are left as they are.
        ("Jum&#8217;at", "Jum&#8217;at"),
        ("PT A &amp; B", "PT A &amp; B"),
    ],
)
def test_html_escaped_quote_marks_are_read_as_marks(text, expected):
    assert marks_decoded(text) == expected
    assert len(marks_decoded(text)) == len(text)


@pytest.mark.parametrize(
    "text",
    [
        "“Kami siap,” ujar Shoigu.",  # plain: the Doc keeps the text it was made from
        WRAPPED_BLOG,  # hard-wrapped: the unwrapped text, as the tokens join it
        "Kata dia: " + "“" * 80 + "Kami siap,” ujar Shoigu.",  # a long run of marks: tokenized in pieces
        "&#8220;Itu haram,&#8221; kata Hatta",  # HTML-escaped marks: the text with the marks read
    ],
)
def test_the_text_a_doc_keeps_is_its_tokens_text(nlp, text):
    from claimtrack.extracting.pipeline import make_doc
    from claimtrack.extracting.wraps import doc_text

    doc = make_doc(nlp, text)
    kept = doc_text(doc)
    assert kept == "".join(token.text_with_ws for token in doc)
    assert kept == marks_decoded(unwrapped(text))
