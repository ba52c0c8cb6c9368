from html.parser import HTMLParser

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console

from claimtrack.presenting.diff import (
    SEGMENT_STYLES,
    ClaimWithoutMembers,
    claim_diff,
    claim_diff_html,
    pivot_member,
    segments_text,
    word_diff,
)

SINDO = "Tekanan sanksi terhadap Rusia dan Iran menunjukkan kesia-siaan, sementara interaksi Rusia-Iran mencapai tingkat yang baru,"
PURNA = "Tekanan sanksi terhadap Rusia dan Iran terbukti sia-sia, sementara kerja sama Rusia-Iran mencapai titik tertinggi baru,"
SINDO_PLANS = "Kami bertujuan melaksanakan seluruh rangkaian kegiatan yang direncanakan, meskipun ada tentangan dari Amerika Serikat dan sekutu Baratnya."
PURNA_PLANS = "Rusia dan Iran bertekad untuk melakukan kegiatan yang direncanakan meskipun ada tentangan dari AS dan sekutu Baratnya."
SINDO_STABILITY = "untuk tindakan bersama lebih lanjut di bidang penguatan stabilitas dan keamanan di Timur Tengah."
PURNA_STABILITY = "untuk mengambil langkah bersama lebih lanjut [dengan Iran] untuk memperkuat stabilitas dan keamanan di Timur Tengah."

EQ, DEL, INS = "equal", "delete", "insert"


@pytest.mark.parametrize(
    ("pivot", "other", "expected"),
    [
        # The seed claim: two rewordings, one replaced noun, one replaced phrase; the comma stays unmarked.
        (SINDO, PURNA, [
            (EQ, "Tekanan sanksi terhadap Rusia dan Iran "), (DEL, "menunjukkan kesia-siaan"), (INS, "terbukti sia-sia"),
            (EQ, ", sementara "), (DEL, "interaksi"), (INS, "kerja sama"), (EQ, " Rusia-Iran mencapai "),
            (DEL, "tingkat yang"), (INS, "titik tertinggi"), (EQ, " baru,"),
        ]),
        # A dropped comma is the comma alone, not a changed space.
        (SINDO_PLANS, PURNA_PLANS, [
            (DEL, "Kami bertujuan melaksanakan seluruh rangkaian"), (INS, "Rusia dan Iran bertekad untuk melakukan"),
            (EQ, " kegiatan yang direncanakan"), (DEL, ","), (EQ, " meskipun ada tentangan dari "),
            (DEL, "Amerika Serikat"), (INS, "AS"), (EQ, " dan sekutu Baratnya."),
        ]),
        # Brackets an outlet added are words like any other.
        (SINDO_STABILITY, PURNA_STABILITY, [
            (EQ, "untuk "), (DEL, "tindakan"), (INS, "mengambil langkah"), (EQ, " bersama lebih lanjut "),
            (DEL, "di bidang penguatan"), (INS, "[dengan Iran] untuk memperkuat"),
            (EQ, " stabilitas dan keamanan di Timur Tengah."),
        ]),
        # Punctuation is its own token: a changed full stop is not a changed word.
        ("mencapai tingkat yang baru.", "mencapai tingkat yang baru,", [
            (EQ, "mencapai tingkat yang baru"), (DEL, "."), (INS, ","),
        ]),
        # Hyphenated words are one word: a half-shared compound is replaced whole.
        ("kerja sama Rusia-Iran meningkat", "kerja sama Rusia-Turki meningkat", [
            (EQ, "kerja sama "), (DEL, "Rusia-Iran"), (INS, "Rusia-Turki"), (EQ, " meningkat"),
        ]),
        # Numbers with separators are one word.
        ("sekitar 1.500 tentara tewas", "sekitar 2.500 tentara tewas", [
            (EQ, "sekitar "), (DEL, "1.500"), (INS, "2.500"), (EQ, " tentara tewas"),
        ]),
        # A deleted word takes its space with it; an added one brings its own.
        ("Iran dan Rusia tetap bersatu", "Iran dan Rusia bersatu", [(EQ, "Iran dan Rusia "), (DEL, "tetap "), (EQ, "bersatu")]),
        ("Iran dan Rusia bersatu", "Iran dan Rusia akan tetap bersatu", [(EQ, "Iran dan Rusia "), (INS, "akan tetap "), (EQ, "bersatu")]),
        ("Kami siap", "Kami siap membantu", [(EQ, "Kami siap"), (INS, " membantu")]),
        # Different quote marks are a changed mark, the words inside stay equal.
        ("“Kami siap,” katanya", "\"Kami siap,\" katanya", [
            (DEL, "“"), (INS, "\""), (EQ, "Kami siap,"), (DEL, "”"), (INS, "\""), (EQ, " katanya"),
        ]),
        # Whitespace differences still count, so the segments add up to the texts.
        ("Kami  siap", "Kami siap", [(EQ, "Kami "), (DEL, " "), (EQ, "siap")]),
        ("Kami siap", "Kami siap", [(EQ, "Kami siap")]),
        ("", "Kami siap", [(INS, "Kami siap")]),
        ("Kami siap", "", [(DEL, "Kami siap")]),
        ("", "", []),
    ],
)
def test_word_diff_segments(pivot, other, expected):
    assert word_diff(pivot, other) == expected


PAIRS = [
    (SINDO, PURNA), (PURNA, SINDO), (SINDO_PLANS, PURNA_PLANS), (SINDO_STABILITY, PURNA_STABILITY),
    ("Tingginya dinamika pertemuan tersebut menegaskan komitmen umum untuk lebih memperkuat kemitraan strategis di sektor pertahanan dan kerja sama militer,",
     "Intensitas pertemuan yang tinggi menegaskan tekad kita bersama untuk terus meningkatkan kemitraan pertahanan strategis,"),
    ("  Kami siap\n\nmembantu. ", "Kami\tsiap membantu!"),
    ("Amerika Serikat (AS) menolak", "AS  menolak ,"),
    ("", "x"), ("x", ""), ("a a a b", "b a a a"),
]


def rebuilt(segments, keep):
    return "".join(text for label, text in segments if label in keep)


@pytest.mark.parametrize(("pivot", "other"), PAIRS)
def test_segments_add_up_to_both_texts(pivot, other):
    segments = word_diff(pivot, other)
    assert rebuilt(segments, {EQ, DEL}) == pivot
    assert rebuilt(segments, {EQ, INS}) == other
    assert all(text for _, text in segments)
    assert all(a[0] != b[0] for a, b in zip(segments, segments[1:], strict=False))


@given(st.text(alphabet="ab ,.-\n“”1", max_size=30), st.text(alphabet="ab ,.-\n“”1", max_size=30))
def test_segments_add_up_for_any_text(pivot, other):
    segments = word_diff(pivot, other)
    assert rebuilt(segments, {EQ, DEL}) == pivot
    assert rebuilt(segments, {EQ, INS}) == other


def member(outlet, date, article_id, text, kind="direct", source="x.txt", canonical=False, probability=0.93):
    return {"article_id": article_id, "source": source, "outlet": outlet, "date": date, "start": 0,
            "end": len(text), "kind": kind, "speaker_name": "Sergei Shoigu", "text": text,
            "probability": 1.0 if canonical else probability, "canonical": canonical}


def seed_claim(*members):
    members = members or (member("SINDOnews", "2023-09-20", 1, SINDO, canonical=True),
                          member("Purna Warta", "2023-09-21", 3, PURNA))
    statement = next((m["text"] for m in members if m["canonical"]), None)
    return {"id": 2, "speaker_name": "Sergei Shoigu", "statement": statement,
            "outlets": len({m["outlet"] for m in members}), "members": list(members)}


@pytest.mark.parametrize(
    ("members", "expected_outlet"),
    [
        ([member("Purna Warta", "2023-09-21", 3, PURNA), member("SINDOnews", "2023-09-20", 5, SINDO)], "SINDOnews"),
        # Same day: the lower article id was stored first.
        ([member("Purna Warta", "2023-09-20", 3, PURNA), member("SINDOnews", "2023-09-20", 1, SINDO)], "SINDOnews"),
        # An undated report is never the pivot while a dated one exists.
        ([member("Parstoday", None, 1, PURNA), member("Purna Warta", "2023-09-22", 3, PURNA)], "Purna Warta"),
    ],
)
def test_without_a_statement_the_pivot_is_the_earliest_member(members, expected_outlet):
    assert pivot_member(members)["outlet"] == expected_outlet


def test_the_pivot_is_the_claims_statement_whatever_its_date():
    members = [member("SINDOnews", "2023-09-20", 1, SINDO), member("Purna Warta", "2023-09-21", 3, PURNA, canonical=True)]
    assert pivot_member(members)["outlet"] == "Purna Warta"


def rendered(renderable, width=120):
    console = Console(record=True, width=width)
    console.print(renderable)
    return console.export_text()


@pytest.mark.parametrize("side_by_side", [False, True])
def test_claim_diff_renders_every_outlet_and_date(side_by_side):
    text = rendered(claim_diff(seed_claim(), side_by_side=side_by_side))
    for expected in ("Claim 2 · Sergei Shoigu · 2 outlets", "SINDOnews", "Purna Warta", "2023-09-20", "2023-09-21",
                     "Tekanan sanksi terhadap Rusia dan"):
        assert expected in text


@pytest.mark.parametrize("side_by_side", [False, True])
def test_claim_diff_marks_an_inferred_date_an_undated_report_and_a_less_sure_speaker(side_by_side):
    claim = seed_claim(member("SINDOnews", "2023-09-20", 1, SINDO, canonical=True),
                       {**member("Purna Warta", "2023-09-21", 3, PURNA), "date_source": "weekday", "confidence": 0.6},
                       member("Parstoday", None, 4, PURNA))
    text = rendered(claim_diff(claim, side_by_side=side_by_side))
    assert "2023-09-21~" in text and "direct ?" in text and "undated" in text
    page = claim_diff_html(claim)
    assert "2023-09-21~" in page and "direct ?" in page and "undated" in page


def test_claim_diff_heads_with_the_statement_and_compares_every_version_with_it():
    claim = seed_claim(member("SINDOnews", "2023-09-20", 1, SINDO, probability=0.91),
                       member("Purna Warta", "2023-09-21", 3, PURNA, canonical=True))
    text = rendered(claim_diff(claim))
    assert text.splitlines()[1].startswith("“Tekanan sanksi terhadap Rusia dan Iran terbukti sia-sia")
    assert "Against the statement, as Purna Warta 2023-09-21 worded it" in text
    assert text.index("Purna Warta 2023-09-21") < text.index("SINDOnews")
    assert "(statement)" in text and "│ 0.91 │" in text
    # A claim stored before claims had statements: the earliest report.
    old = seed_claim(member("Purna Warta", "2023-09-21", 3, PURNA), member("SINDOnews", "2023-09-20", 1, SINDO))
    assert "(earliest)" in rendered(claim_diff(old))


def test_claim_diff_shows_article_text_literally_not_as_markup():
    claim = seed_claim(member("SINDOnews", "2023-09-20", 1, SINDO_STABILITY),
                       member("[b]Tempo", "2023-09-20", 3, PURNA_STABILITY))
    text = rendered(claim_diff(claim))
    assert "[dengan Iran]" in text
    assert "[b]Tempo" in text


def test_claim_diff_with_one_member_renders():
    claim = seed_claim(member("SINDOnews", "2023-09-20", 1, SINDO))
    assert "(no other outlet)" in rendered(claim_diff(claim, side_by_side=True))
    assert "Claim 2 · Sergei Shoigu · 1 outlet\n" in rendered(claim_diff(claim))


def test_insertions_and_deletions_are_styled():
    text = segments_text(word_diff(SINDO, PURNA))
    styled = {text.plain[span.start:span.end]: str(span.style) for span in text.spans}
    assert styled["menunjukkan kesia-siaan"] == SEGMENT_STYLES["delete"] == "red strike"
    assert styled["terbukti sia-sia"] == SEGMENT_STYLES["insert"] == "green underline"
    # A space keeps a deletion and the insertion that replaces it apart.
    assert "menunjukkan kesia-siaan terbukti sia-sia, sementara" in text.plain


def test_side_by_side_columns_hold_one_version_each():
    segments = word_diff(SINDO, PURNA)
    assert segments_text(segments, show=(EQ, DEL)).plain == SINDO
    assert segments_text(segments, show=(EQ, INS)).plain == PURNA


def test_a_claim_without_members_says_how_to_fix_it():
    with pytest.raises(ClaimWithoutMembers, match="Claim 7 has no members to compare. Recompute claims with: claimtrack match"):
        claim_diff({"id": 7, "speaker_name": "Sergei Shoigu", "outlets": 0, "members": []})
    with pytest.raises(ClaimWithoutMembers):
        claim_diff_html({"id": 7, "members": []})


class Structure(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []
        self.text = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def test_html_marks_insertions_and_deletions():
    page = claim_diff_html(seed_claim())
    assert "<del>menunjukkan kesia-siaan</del>" in page
    assert "<ins>terbukti sia-sia</ins>" in page
    assert "Tekanan sanksi terhadap Rusia dan Iran <del>" in page
    assert f'<blockquote class="statement">{SINDO}</blockquote>' in page
    assert '<td class="probability">0.93</td>' in page


def test_html_is_a_standalone_document():
    page = claim_diff_html(seed_claim())
    assert page.startswith("<!DOCTYPE html>")
    assert page.rstrip().endswith("</html>")
    assert '<meta charset="utf-8">' in page and "<style>" in page
    for external in ("<link", "<script", "src=", "http://", "https://", "@import"):
        assert external not in page
    structure = Structure()
    structure.feed(page)
    assert structure.tags.count("table") == 1
    assert structure.tags.count("tr") == 1 + 2  # the header and one row per member
    text = "".join(structure.text)
    for expected in ("Claim 2", "Sergei Shoigu", "2 outlets", "SINDOnews", "Purna Warta", "2023-09-20", "2023-09-21"):
        assert expected in text


def test_html_escapes_every_piece_of_text_and_metadata():
    hostile = "<script>alert('x')</script>"
    claim = {
        "id": "<i>2</i>", "speaker_name": "Shoigu <b>& co</b>", "outlets": 2,
        "members": [
            member("SINDOnews <img src=x>", "2023-09-20 <u>", 1, f"Tekanan {hostile} sanksi", kind="<em>direct</em>",
                   source='a" onmouseover="alert(1)'),
            member("Purna & Warta", "2023-09-21", 3, f"Tekanan sanksi {hostile} terbukti"),
        ],
    }
    page = claim_diff_html(claim)
    for raw in ("<script", "<img", "<b>", "<i>2", "<u>", "<em>", '" onmouseover'):
        assert raw not in page
    assert "&lt;script&gt;" in page
    assert "Purna &amp; Warta" in page
    assert "Shoigu &lt;b&gt;&amp; co&lt;/b&gt;" in page
    structure = Structure()
    structure.feed(page)
    assert "script" not in structure.tags and "img" not in structure.tags
    # The escaped text reads back as the original.
    assert hostile in "".join(structure.text)


def test_a_console_without_styles_gets_word_diff_brackets():
    text = rendered(claim_diff(seed_claim()), width=160)
    assert "[-menunjukkan kesia-siaan-]{+terbukti" in text
    assert "[-interaksi-]{+kerja sama+}" in text
    assert "[-words-] only there" in text


def test_a_console_with_styles_gets_no_brackets():
    console = Console(record=True, width=120, force_terminal=True, color_system="standard")
    console.print(claim_diff(seed_claim()))
    assert "[-" not in console.export_text(clear=False)
    assert "\x1b[9;31mmenunjukkan kesia-siaan" in console.export_text(styles=True)


def test_side_by_side_without_styles_brackets_each_column_once():
    text = rendered(claim_diff(seed_claim(), side_by_side=True))
    assert "[-interaksi-]" in text and "{+kerja sama+}" in text
    assert "{+interaksi" not in text and "[-kerja" not in text
