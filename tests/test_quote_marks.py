import pytest

from claimtrack.extracting.quote_marks import find_regions


def quoted(text):
    return [(text[r.start : r.end], r.closed) for r in find_regions(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“Kami siap,” ujar Shoigu.", [("Kami siap,", True)]),
        ('"Kami siap," ujar Shoigu.', [("Kami siap,", True)]),
        # Kompas writes the closing mark at both ends.
        ("”Kami siap,” ujar Shoigu.", [("Kami siap,", True)]),
        ("“Kami siap”, kata Shoigu.", [("Kami siap", True)]),
        ("‘Robin Hood’ Suriah", [("Robin Hood", True)]),
        ("Hari Jum’at dia datang.", []),
        # A quote left open at a paragraph's end runs to that end; the next paragraph reopens it.
        ("“Paragraf pertama.\n“Paragraf kedua,” ujarnya.", [("Paragraf pertama.", False), ("Paragraf kedua,", True)]),
        # A stray opening mark in mid-paragraph does not swallow the article.
        ("Dia berkata “tanpa akhir.\n“Kalimat baru,” kata dia.", [("Kalimat baru,", True)]),
        ("Tanda ” nyasar.\n“Kalimat,” kata dia.", [("Kalimat,", True)]),
        # CLICK-ID joined paragraphs with ",".
        ("“Satu,” kata dia.,“Dua,” kata dia.", [("Satu,", True), ("Dua,", True)]),
        ('Kalimat pertama., "Kalimat kedua," kata dia.', [("Kalimat kedua,", True)]),
        ('Kalimat pertama.,,,"Kalimat kedua," kata dia.', [("Kalimat kedua,", True)]),
        ('"Satu,",Top 8 tunggal', [("Satu,", True)]),
        ('"Satu kalimat.", Selain itu "dua" kata', [("Satu kalimat.", True), ("dua", True)]),
        # An ordinary comma after a quote is not a paragraph break.
        ("“Kami siap”, kata Shoigu.", [("Kami siap", True)]),
        # Marks around nothing but punctuation, or around a dropped title, quote nothing.
        ("Member tersebut yakni “,” dan “,”.", []),
        ('Di drama ",", Gyuri debut.', []),
        # A straight mark glued to the previous sentence opens a quote.
        ('Dia marah."Jelas bertujuan memicu kebencian," katanya.', [("Jelas bertujuan memicu kebencian,", True)]),
        # Two apostrophes are a straight double mark (Wowkeren, Tempo), alone or mixed with others.
        ("''Saya sangat senang,'' ujar Song Joong Ki.", [("Saya sangat senang,", True)]),
        ("“Tolong terus cintai kami,'' sambung Lee Jinhyuk.", [("Tolong terus cintai kami,", True)]),
        ("''Saya minta maaf,\" kata Fury.", [("Saya minta maaf,", True)]),
        ("“Satu,” kata dia.,''Dua,'' kata dia.", [("Satu,", True), ("Dua,", True)]),
        ("''Satu.'',''Dua,'' kata dia.", [("Satu.", True), ("Dua,", True)]),
        # A heading's colon ends a paragraph in CLICK-ID text; a format character is a space.
        ('Baca Juga :,,"Beliau masih di Aceh," ungkap Sugito.', [("Beliau masih di Aceh,", True)]),
        ('Baca juga:,,\u200e"Itu tidak ada motif politik," kata Syarif.', [("Itu tidak ada motif politik,", True)]),
        # A straight mark spaced off on both sides closes after the quote's last punctuation.
        ('"Kami mengangkat Hanif sebagai Plt Menpora, " kata Pratikno.', [("Kami mengangkat Hanif sebagai Plt Menpora,", True)]),
        ('Dia berkata " tanpa akhir.\n"Kalimat," kata dia.', [("Kalimat,", True)]),
        # One surviving mark (hoax-dev): an opening mark after a comma or colon runs to the paragraph's
        # end; a closing mark after punctuation and before a lower-case word starts at the sentence.
        ("Mereka juga berkicau, “Kami tidak melengkung, kami #patah.", [("Kami tidak melengkung, kami #patah.", False)]),
        ('Hasil uji belum dirilis. nanti yang mengumumkan hasilnya langsung Kepala BNN," kata Suparti.',
         [("nanti yang mengumumkan hasilnya langsung Kepala BNN,", True)]),
        # A quote going on after its attribution, its opening mark lost: from the attribution's end
        # (CLICK-ID); none when no quote closed before it in the paragraph.
        ('"Pasal ini hanya berlaku untuk yang mengaku," kata Hibnu, Rabu (18/9). Tapi yang mengaku ini kan juga '
         'harus dibuktikan."',
         [("Pasal ini hanya berlaku untuk yang mengaku,", True), ("Tapi yang mengaku ini kan juga harus dibuktikan.", True)]),
        ('Sidang ditunda hingga pekan depan. Tapi yang mengaku ini kan juga harus dibuktikan."', []),
        # ... but not a stray mark after a quote's own attribution, nor inches.
        ('"Kami tidak membahasnya," tegas mantan Direktur Bank Dunia ini," tegasnya.',
         [("Kami tidak membahasnya,", True)]),
        ('Layarnya 5,5" dan bodinya tipis.', []),
        # An opening mark glued to a comma opens nothing by itself, but starts the quote its lone
        # closing mark ends (CLICK-ID).
        ('Dia ikut memperingati Hari Olahraga Nasional,"Selamat Hari Olahraga Nasional. Ayo berolahraga," tulisnya.',
         [("Selamat Hari Olahraga Nasional. Ayo berolahraga,", True)]),
        # A closing mark written as an opening one is no quote opened after a comma; a caption's
        # word is no utterance (CLICK-ID).
        ("Lingkungan menjadi tidak sehat,“ ungkap Hendi.", []),
        ('Pantai yang indah.,",Hawaii," tulis,pada keterangan foto.', []),
        # A quote left open in the paragraph before runs on: its closing mark is no lost opening.
        ('"Paragraf pertama.\nParagraf kedua," kata dia.', [("Paragraf pertama.", False)]),
        # One apostrophe is not a mark, even beside a comma.
        ('"Yang kukatakan kepadaku, \',\' Aku sudah memperkirakan ini," kata Mia.',
         [("Yang kukatakan kepadaku, ',' Aku sudah memperkirakan ini,", True)]),
    ],
)
def test_regions(text, expected):
    assert quoted(text) == expected


def test_thousands_of_unbalanced_marks_do_not_derail_the_article():
    text = "“" * 5000 + "\n“Kalimat terakhir,” kata Budi."
    assert quoted(text)[-1] == ("Kalimat terakhir,", True)
