"""Properties of the extractor over any text: it never crashes and no offset lies.

For every input, each quote's offsets give back its text, lie inside the article, stay out of the
article's boilerplate, and two runs give the same quotes. Inputs are arbitrary text built from
quote marks, line breaks, commas and Indonesian cue words, and the seed articles with random edits
(quote marks inserted, deleted and swapped; paragraphs joined and split). The pipeline is the
session's one (``nlp`` in conftest), built once.
"""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimtrack.articles import parse_article
from claimtrack.extracting import extract

from .conftest import SEEDS

SEED_TEXTS = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
QUOTE_MARKS = ["“", "”", '"', "‘", "’", "„", "«", "»"]
# Words that make the extractor work hard: cues before and after a quote, -nya cues, relays,
# pronouns and titles, boilerplate markers, the paragraph-joining commas of CLICK-ID text.
PIECES = [
    *QUOTE_MARKS, "\n", "\n\n", "\r\n", ",", ".,", ".,,", ", ", ". ", "” ", " “", ",”", ".”", ", “",
    "kata", "ujar", "ujarnya", "katanya", "tambahnya", "tegasnya", "mengatakan", "menegaskan", "menurut",
    "ucap", "jelas", "kata dia", "ujar Shoigu", "kata Menteri Pertahanan Rusia Sergei Shoigu", "dikutip",
    "seperti dikutip", "Reuters", "Jokowi", "Presiden", "Juru bicara", "dia", "ia", "mereka", "bahwa",
    "Baca Juga:", "Baca juga", "BERITA TERKAIT", "Copyright ©", "TEHERAN -", "Jakarta, Senin (9/9/2019)",
    "Kami siap", "sanksi", " ", "(", ")", "[", "]", "…", "!", "?", "-nya", "Tn.", "Dr.",
]
TEXTS = st.lists(
    st.one_of(st.sampled_from(PIECES), st.text(max_size=12), st.text(alphabet="“”\"‘’,.\n ", max_size=6)),
    max_size=60,
).map("".join)


def assert_offsets_tell_the_truth(text: str, nlp) -> None:
    article = parse_article(text, source="property")
    quotes = extract(article, nlp)
    for quote in quotes:
        assert 0 <= quote.start <= quote.end <= len(text), quote
        assert text[quote.start : quote.end] == quote.text, quote
        assert not article.in_boilerplate(quote.start, quote.end), (quote, article.boilerplate)
        if quote.cue_start is not None:
            assert 0 <= quote.cue_start <= quote.cue_end <= len(text), quote
        if quote.speaker_start is not None:
            assert 0 <= quote.speaker_start <= quote.speaker_end <= len(text), quote
    assert [q.start for q in quotes] == sorted(q.start for q in quotes), "quotes are in text order"
    again = extract(parse_article(text, source="property"), nlp)
    assert [q.to_dict() for q in again] == [q.to_dict() for q in quotes], "two runs differ"


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_arbitrary_text_never_crashes_and_offsets_are_true(nlp, text):
    if not text.strip():
        return
    assert_offsets_tell_the_truth(text, nlp)


@pytest.mark.parametrize(
    "text",
    [
        "“" * 5000,
        "“\n" * 500 + "kata Shoigu.",
        "”Kami siap,” kata dia.,”Kami siap,” ujarnya.,,“",
        "\"\"\"\"\" kata \"\" ujar \"",
        "‘’‘’ ‘Kami’ ’kata‘ ia",
        "Baca Juga: “Kami siap,” kata Shoigu.\n“Kami siap,” kata Shoigu.",
        "\r\n“Kami siap,\r\n” kata\r\n Shoigu.\r\n",
        "“" + "kata " * 2000 + "”",
    ],
)
def test_hostile_texts_found_while_hardening(nlp, text):
    assert_offsets_tell_the_truth(text, nlp)


@st.composite
def edited_seed(draw):
    """A seed article with a handful of edits at positions the data strategy picks."""
    text = draw(st.sampled_from(SEED_TEXTS))
    for _ in range(draw(st.integers(1, 8))):
        edit = draw(st.sampled_from(["insert mark", "delete mark", "swap mark", "join paragraphs", "split paragraph"]))
        marks = [i for i, char in enumerate(text) if char in QUOTE_MARKS]
        breaks = [i for i, char in enumerate(text) if char == "\n"]
        if edit == "insert mark":
            at = draw(st.integers(0, len(text)))
            text = text[:at] + draw(st.sampled_from(QUOTE_MARKS)) + text[at:]
        elif edit == "delete mark" and marks:
            at = draw(st.sampled_from(marks))
            text = text[:at] + text[at + 1 :]
        elif edit == "swap mark" and marks:
            at = draw(st.sampled_from(marks))
            text = text[:at] + draw(st.sampled_from(QUOTE_MARKS)) + text[at + 1 :]
        elif edit == "join paragraphs" and breaks:
            at = draw(st.sampled_from(breaks))
            text = text[:at] + draw(st.sampled_from([" ", ",", ".,", ""])) + text[at + 1 :]
        elif edit == "split paragraph":
            at = draw(st.integers(0, len(text)))
            text = text[:at] + draw(st.sampled_from(["\n", "\n\n", "\r\n"])) + text[at:]
    return text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edited_seed())
def test_edited_seed_articles_keep_true_offsets(nlp, text):
    assert_offsets_tell_the_truth(text, nlp)


@pytest.mark.parametrize("index", range(len(SEED_TEXTS)))
def test_unedited_seeds_keep_true_offsets(nlp, index):
    assert_offsets_tell_the_truth(SEED_TEXTS[index], nlp)
