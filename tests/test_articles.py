from pathlib import Path

import pytest

from claimtrack.articles import ArticleError, decode, parse_article, read_text_file
from claimtrack.extracting import extract

from .conftest import SEEDS

SEED_METADATA = [
    # file, title, outlet, published, date_source, dateline
    ("000_2339bdc2ebd3f11c.txt", "Menhan Shoigu: Kerja Sama Rusia dan Iran Mencapai Tingkat Baru", "SINDOnews",
     "2023-09-20", "header", "Teheran"),
    ("001_540a5464acc97eb1.txt", "Rusia-Iran Tingkatkan Kerjasama Basmi Teroris", "ArrahmahNews", "2016-02-18",
     "header", "Moskow"),
    # `Rabu (20/9)` and no year anywhere: undated, and why (it was 2023-09-20, but nothing says so).
    ("002_930ba2d2ccba52e4.txt", None, "Purna Warta", None,
     "undated: Rabu (20/9) gives no year, and the article no dated reference to place it by", "Moskow"),
    ("003_211312151f5a4888.txt", None, "Suara.com", None, None, None),
    ("004_e553671eac29d674.txt", "Putin Telepon Presiden Iran, Perkuat Hubungan dan Kerja Sama", "SINDOnews",
     "2022-11-13", "header", "Moskow"),
]


@pytest.mark.parametrize(("name", "title", "outlet", "published", "date_source", "dateline"), SEED_METADATA)
def test_seed_metadata(name, title, outlet, published, date_source, dateline):
    article = read_text_file(SEEDS / name)
    assert (article.title, article.outlet, article.published, article.date_source, article.dateline) == (
        title, outlet, published, date_source, dateline)


@pytest.mark.parametrize("name", [row[0] for row in SEED_METADATA])
def test_raw_text_is_kept_byte_for_byte(name):
    path = SEEDS / name
    assert read_text_file(path).text.encode("utf-8") == path.read_bytes()


@pytest.mark.parametrize(
    ("text", "published", "date_source"),
    [
        ("Judul\n\nRabu, 20 September 2023 - 22:01 WIB\nTEHERAN - Isi berita yang cukup panjang di sini ya.", "2023-09-20", "header"),
        ("Judul\n\n18 Februari 2016,\n\nMOSKOW - Isi berita.", "2016-02-18", "header"),
        ("Menteri itu berbicara pada Rabu (20/9/2023) di Teheran.", "2023-09-20", "body"),
        ("Menteri itu berbicara di Teheran.", None, None),
        # A weekday and a day give no year: never the latest year that fits (hoax-dev's 2017
        # `Selasa (21/2)` was stored as 2023-02-21), but the one near a date the article gives.
        ("Menteri itu berbicara pada hari Rabu (20/9) di Teheran.", None,
         "undated: Rabu (20/9) gives no year, and the article no dated reference to place it by"),
        ("Pada Selasa (21/2) pagi, beredar kabar di media sosial. Terkait kondisi malam hari tanggal 20 sampai dini "
         "hari tanggal 21 Februari 2017, pihak keamanan sudah menjelaskan.", "2017-02-21", "weekday"),
        ("Hinggga hari ini, Rabu 2/12/2015, petisi telah ditandatangani. Aksi digelar Kamis (10/12).", "2015-12-10",
         "weekday"),
        ("Pada Selasa (21/2) pagi, beredar kabar tentang penutupan gerbang masjid. Aturan penutupan itu berlaku "
         "sejak 1 Januari 2002.", None,
         "undated: Selasa (21/2) falls on no such weekday within 183 days of the article's dates (2002-01-01)"),
    ],
)
def test_publication_date(text, published, date_source):
    import datetime as dt

    article = parse_article(text, source="t", today=dt.date(2026, 11, 21))
    assert (article.published, article.date_source) == (published, date_source)


def test_a_weekday_is_placed_by_the_date_in_the_url():
    import datetime as dt

    article = parse_article("Polri memastikan kabar itu hoaks, Senin (13/11).", source="t",
                            url="https://www.jawapos.com/nasional/2017/11/13/polri-hoaks/", today=dt.date(2026, 11, 21))
    assert (article.published, article.date_source) == ("2017-11-13", "weekday")


@pytest.mark.parametrize(
    ("lead", "city", "outlet"),
    [
        ("TEHERAN - Interaksi antara Moskow dan Teheran mencapai tingkat baru, di mana kedua negara akan.", "Teheran", None),
        ("MOSKOW, ARRAHMAHNEWS.COM – Menteri Pertahanan Iran Brigadir Jenderal Hossein Dehqan menyerukan.", "Moskow", "ArrahmahNews"),
        ("Moskow, Purna Warta – Menteri Pertahanan Rusia Sergei Shoigu mengatakan hubungan dengan Iran baik.", "Moskow", "Purna Warta"),
        ("Suara.com - Sekretaris Dewan Keamanan Rusia, Sergei Shoigu, tiba di Teheran untuk pembicaraan.", None, "Suara.com"),
    ],
)
def test_dateline(lead, city, outlet):
    article = parse_article(lead, source="t")
    assert article.dateline == city
    assert article.outlet == outlet


def test_boilerplate_is_marked_not_deleted_and_never_extracted():
    article = read_text_file(SEEDS / "002_930ba2d2ccba52e4.txt")
    baca = article.text.index("Baca Juga : Pemimpin Tertinggi Iran")
    assert article.in_boilerplate(baca, baca + 10)
    assert "“Pertahanan Suci”" in article.text
    for quote in extract(article):
        assert not article.in_boilerplate(quote.start, quote.end)
        assert "Pertahanan Suci" not in quote.text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "t.txt: the file is empty; there is no article to read."),
        (b"  \n\n ", "t.txt: the file is empty; there is no article to read."),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "t.txt: this looks like a binary file (it contains NUL bytes), not article text."),
        (b"\xff\xfeK\x00a\x00t", "t.txt: starts like UTF-16 text but is not valid UTF-16; save it as UTF-8 and try again."),
    ],
)
def test_unreadable_input_is_named_in_the_error(data, message):
    with pytest.raises(ArticleError) as raised:
        decode(data, "t.txt")
    assert str(raised.value) == message


@pytest.mark.parametrize(
    ("data", "text", "encoding"),
    [
        ("Kata “ini”".encode(), "Kata “ini”", "utf-8"),
        (b"\xef\xbb\xbfKata ini", "Kata ini", "utf-8-sig"),
        ("Kata \u201cini\u201d".encode("cp1252"), "Kata “ini”", "cp1252"),
    ],
)
def test_decoding_says_which_encoding_was_used(data, text, encoding):
    assert decode(data, "t.txt") == (text, encoding)


def test_html_in_a_text_file_is_refused(tmp_path):
    path = tmp_path / "page.txt"
    path.write_text("<!DOCTYPE html><html><body>Berita</body></html>", encoding="utf-8")
    with pytest.raises(ArticleError, match="this text holds HTML, not article text; save it as .html"):
        read_text_file(path)


def test_count_articles_counts_files_and_json_lines_without_parsing_them(tmp_path):
    from claimtrack.articles import count_articles

    (tmp_path / "a.txt").write_text("JAKARTA - Satu.", encoding="utf-8")
    (tmp_path / "b.html").write_text("<p>Dua</p>", encoding="utf-8")
    (tmp_path / "c.jsonl").write_text('{"content": "x"}\n{"content": "y"}\n{"content": "z"}', encoding="utf-8")
    (tmp_path / "d.zip").write_bytes(b"PK")  # refused, and told: one item
    assert count_articles([tmp_path]) == 6
    assert count_articles([tmp_path / "c.jsonl", tmp_path / "a.txt"]) == 4
    (tmp_path / "e.jsonl.gz").write_bytes(b"")
    assert count_articles([tmp_path]) is None  # gzipped: not known without unpacking
    assert count_articles([Path("-")]) is None
