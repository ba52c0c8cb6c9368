"""Ingesting real inputs: JSON Lines, HTML, standard input, versions, bad input, interruptions."""

import json

import pytest
from click.testing import CliRunner

from claimtrack import storage
from claimtrack.cli import cli

from .conftest import SEEDS

SHOIGU = (SEEDS / "000_2339bdc2ebd3f11c.txt").read_text(encoding="utf-8")
PURNA = (SEEDS / "002_930ba2d2ccba52e4.txt").read_text(encoding="utf-8")


@pytest.fixture
def runner():
    return CliRunner()


def ingest(runner, *args, input=None):
    return runner.invoke(cli, ["ingest", *map(str, args)], input=input)


def rows(runner, *args):
    result = runner.invoke(cli, [*args, "--nl"])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.output.splitlines()]


def jsonl(path, records):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def test_jsonl_with_clickid_fields(runner, tmp_path):
    path = jsonl(tmp_path / "a.jsonl", [
        {"id": "a1", "outlet": "sindonews.com", "title": "Shoigu", "date": "2023-09-20", "url": "https://x/1", "content": SHOIGU},
        {"id": "a2", "outlet": "Purna Warta", "title": "Shoigu", "date": "2023-09-20", "url": "https://y/2", "content": PURNA},
    ])
    assert ingest(runner, path).exit_code == 0
    found = rows(runner, "search", "sanksi")
    assert {(r["outlet"], r["url"]) for r in found} == {("SINDOnews", "https://x/1"), ("Purna Warta", "https://y/2")}


def test_jsonl_field_names_are_mapped_by_option(runner, tmp_path):
    path = jsonl(tmp_path / "b.jsonl", [{"link": "https://z/3", "body": SHOIGU, "site": "SINDOnews"}])
    result = ingest(runner, path, "--field", "text=body", "--field", "url=link", "--field", "outlet=site")
    assert result.exit_code == 0, result.output
    assert {r["url"] for r in rows(runner, "quotes")} == {"https://z/3"}


def test_bad_jsonl_lines_are_reported_by_number_and_the_rest_is_read(runner, tmp_path):
    path = tmp_path / "bad.jsonl"
    nested = "[" * 100000 + "]" * 100000
    path.write_text("\n".join([
        json.dumps({"content": SHOIGU, "url": "https://ok/1"}),
        "{not json",
        json.dumps(["a list"]),
        json.dumps({"content": 42}),
        json.dumps({"content": "   "}),
        nested,
        json.dumps({"content": PURNA, "url": "https://ok/2"}),
    ]) + "\n", encoding="utf-8")
    result = ingest(runner, path)
    assert result.exit_code == 1
    assert f"{path}:2: not valid JSON" in result.output
    assert f"{path}:3: expected a JSON object with a 'content' field, got list." in result.output
    assert f"{path}:4: the 'content' field is a int, not text; name the text field with --field text=NAME." in result.output
    assert f"{path}:5: the 'content' field is empty; there is no article to read." in result.output
    assert f"{path}:6: " in result.output
    assert {r["url"] for r in rows(runner, "quotes")} == {"https://ok/1", "https://ok/2"}


def test_html_page_is_read_with_trafilatura_and_kept(runner, tmp_path):
    page = tmp_path / "page.html"
    body = "".join(f"<p>{line}</p>" for line in SHOIGU.split("\n\n")[2:6])
    page.write_text(f"<html><head><title>Menhan Shoigu</title><meta property='og:site_name' content='SINDOnews'>"
                    f"</head><body><nav>Beranda | Nasional</nav><article>{body}</article></body></html>", encoding="utf-8")
    assert ingest(runner, page).exit_code == 0
    db = storage.open_database()
    article = next(db["articles"].rows)
    assert article["html"].startswith("<html>") and "Beranda" not in article["text"]
    assert any(r["speaker_name"] == "Sergei Shoigu" for r in rows(runner, "quotes"))


def test_standard_input(runner):
    result = ingest(runner, "-", input=PURNA.encode("utf-8"))
    assert result.exit_code == 0, result.output
    assert {r["source"] for r in rows(runner, "quotes")} == {"<stdin>"}


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", "empty.txt: the file is empty; there is no article to read."),
        ("binary.txt", bytes(range(256)) * 4, "binary.txt: this looks like a binary file (it contains NUL bytes), not article text."),
        ("page.txt", b"<!DOCTYPE html><html><body>x</body></html>", "page.txt: this text holds HTML, not article text; save it as .html"),
        ("huge.txt", b"kata dia. " * 150_000, "huge.txt: 1,500,000 characters is more than one article (the limit is 1,000,000)"),
    ],
)
def test_bad_files_are_named_and_the_batch_goes_on(runner, tmp_path, name, data, message):
    (tmp_path / name).write_bytes(data)
    (tmp_path / "good.txt").write_text(SHOIGU, encoding="utf-8")
    result = ingest(runner, tmp_path)
    assert result.exit_code == 1
    assert message in result.output.replace("\n", " ")
    assert storage.counts(storage.open_database())["articles"] == 1


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (SHOIGU.replace("\n", "\r\n").encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + SHOIGU.encode("utf-8"), "utf-8-sig"),
        (PURNA.replace("–", "-").replace("[", "(").replace("]", ")").encode("cp1252"), "cp1252"),
    ],
)
def test_crlf_bom_and_legacy_encodings_keep_offsets_true(runner, tmp_path, data, encoding):
    (tmp_path / "a.txt").write_bytes(data)
    assert ingest(runner, tmp_path).exit_code == 0
    db = storage.open_database()
    article = next(db["articles"].rows)
    assert article["encoding"] == encoding
    stored = list(db["quotes"].rows)
    assert stored and all(article["text"][q["start"] : q["end"]] == q["text"] for q in stored)


def test_thousands_of_unbalanced_quote_marks(runner, tmp_path):
    (tmp_path / "marks.txt").write_text("“" * 5000 + "\n\n" + PURNA, encoding="utf-8")
    assert ingest(runner, tmp_path).exit_code == 0
    assert any(r["speaker_name"] == "Sergei Shoigu" for r in rows(runner, "quotes"))


def test_same_url_with_changed_text_is_a_new_version_and_changes_are_listed(runner, tmp_path):
    first = jsonl(tmp_path / "v1.jsonl", [{"url": "https://n/1", "content": PURNA}])
    changed = PURNA.replace("terbukti sia-sia", "tidak berhasil")
    second = jsonl(tmp_path / "v2.jsonl", [{"url": "https://n/1", "content": changed}])
    ingest(runner, first)
    ingest(runner, first)
    assert storage.counts(storage.open_database())["articles"] == 1
    ingest(runner, second)
    db = storage.open_database()
    assert [r["version"] for r in db["articles"].rows] == [1, 2]
    changes = rows(runner, "changes")
    assert [(c["change"], c["speaker_name"]) for c in changes] == [("reworded", "Sergei Shoigu")]
    assert "terbukti sia-sia" in changes[0]["before"] and "tidak berhasil" in changes[0]["after"]


def test_spelling_variants_are_one_speaker_and_manual_merges_survive_reingest(runner, tmp_path):
    records = [
        {"url": "https://a/1", "content": "“Kerja sama militer akan diperdalam tahun ini,” kata Mohammad Bagheri."},
        {"url": "https://a/2", "content": "“Kami siap menandatangani perjanjian baru,” kata Mohammad Baqeri."},
        {"url": "https://a/3", "content": "“Perjanjian itu penting bagi kawasan,” kata Jenderal Bagheri Kepala Staf."},
    ]
    path = jsonl(tmp_path / "s.jsonl", records)
    ingest(runner, path)
    speakers = rows(runner, "speakers", "--name", "eri")
    merged = [s for s in speakers if "Mohammad Baqeri" in (s["aliases"] or "")]
    assert len(merged) == 1 and "Mohammad Bagheri" in merged[0]["aliases"]
    assert merged[0]["mentions"] == "Mohammad Bagheri | Mohammad Baqeri"  # the words each article named him with
    names = {s["name"] for s in speakers}
    other = next(n for n in names if n not in ("Mohammad Bagheri", "Mohammad Baqeri"))
    assert runner.invoke(cli, ["speakers", "merge", other, "Mohammad Bagheri"]).exit_code == 0
    ingest(runner, jsonl(tmp_path / "more.jsonl", [{"url": "https://a/4", "content": f"“Ini kalimat keempat yang cukup,” kata {other}."}]))
    said = rows(runner, "said", "Bagheri")
    assert len(said) == 4 and len({r["speaker_name"] for r in said}) == 1
    assert runner.invoke(cli, ["speakers", "merge", "Nobody", "Bagheri"]).output.startswith("Error: No speaker goes by 'Nobody'")


def test_a_date_inferred_from_a_weekday_is_marked_and_no_year_is_invented(runner, tmp_path):
    records = [
        {"url": "https://c/2017/11/13/hoaks", "content": "“Kabar itu tidak benar sama sekali,” kata Setyo, Senin (13/11)."},
        {"url": "https://c/tanpa-tanggal", "content": "“Kami akan mencari penyebarnya,” kata Setyo, Senin (13/11)."},
    ]
    ingest(runner, jsonl(tmp_path / "dates.jsonl", records))
    found = {r["url"]: (r["published"], r["date_source"]) for r in rows(runner, "quotes")}
    assert found["https://c/2017/11/13/hoaks"] == ("2017-11-13", "weekday")
    assert found["https://c/tanpa-tanggal"][0] is None
    assert found["https://c/tanpa-tanggal"][1].startswith("undated: Senin (13/11) gives no year")
    table = runner.invoke(cli, ["quotes"], env={"COLUMNS": "200"}).output
    assert "2017-11-13~" in table and "undated" in table


def test_a_full_name_spelt_otherwise_is_the_same_person(runner, tmp_path):
    records = [
        {"url": "https://b/1", "content": "“Pemerintah tidak akan mundur,” kata Menko Polhukam Mahfud MD."},
        {"url": "https://b/2", "content": "“Kami sudah membahasnya dengan DPR,” kata Menko Polhukam Mahmud MD."},
        {"url": "https://b/3", "content": "“Tim bermain sangat baik malam ini,” kata pelatih Darije Kalezic."},
        {"url": "https://b/4", "content": "“Kami harus bangkit di laga berikutnya,” ujar pelatih Darijo Kalezic."},
        {"url": "https://b/5", "content": "“Jalan itu akan diperbaiki tahun ini,” kata Bupati Ahmad Yani."},
        {"url": "https://b/6", "content": "“Sekolah baru dibuka bulan depan,” kata Camat Ahmad Rani."},
    ]
    ingest(runner, jsonl(tmp_path / "variants.jsonl", records))
    assert len({r["speaker_name"] for r in rows(runner, "said", "Mahfud MD")}) == 1
    assert len(rows(runner, "said", "Mahfud MD")) == 2
    assert len(rows(runner, "said", "Kalezic")) == 2
    assert len(rows(runner, "said", "Ahmad Yani")) == 1  # `Yani` / `Rani`: short names a letter apart are two people


def test_a_speaker_is_found_by_whole_names_and_a_short_name_of_several_lists_them(runner, tmp_path):
    records = [
        {"url": "https://a/1", "content": "“Penyidik sudah memeriksa saksi,” kata Ketua KPK Agus Rahardjo."},
        {"url": "https://a/2", "content": "“Penerbangan kembali normal,” kata General Manager Agus Haryadi."},
        {"url": "https://a/3", "content": "“Kami akan membangun jalan baru,” kata Bupati Tubagus Ahmad."},
        {"url": "https://a/4", "content": "“Saya senang sekali hari ini,” kata penyanyi Imelda Agustina Kiagoes."},
    ]
    ingest(runner, jsonl(tmp_path / "agus.jsonl", records))
    listed = runner.invoke(cli, ["said", "Agus"])
    assert listed.exit_code == 1
    assert listed.output.startswith("Error: 'Agus' names 2 speakers: ")
    assert "Agus Rahardjo (1)" in listed.output and "Agus Haryadi (1)" in listed.output
    assert "Tubagus" not in listed.output and "Agustina" not in listed.output
    assert [r["speaker_name"] for r in rows(runner, "said", "Agus Rahardjo")] == ["Agus Rahardjo"]
    assert [r["speaker_name"] for r in rows(runner, "said", "tubagus")] == ["Tubagus Ahmad"]
    assert {r["speaker_name"] for r in rows(runner, "quotes", "--speaker", "Agus")} == {"Agus Rahardjo", "Agus Haryadi"}
    assert runner.invoke(cli, ["said", "Agu"]).output.startswith("Error: No quotes by 'Agu'.")


def test_search_uses_indonesian_stems_and_filters(runner, tmp_path):
    ingest(runner, SEEDS)
    assert {r["outlet"] for r in rows(runner, "search", "sanksinya")} == {"SINDOnews", "Purna Warta"}
    assert rows(runner, "search", "tegas", "--speaker", "Shoigu")  # `menegaskan` in both reports
    assert rows(runner, "search", "sanksi", "--since", "2024-01-01") == []
    assert {r["outlet"] for r in rows(runner, "search", "sanksi", "--outlet", "purna")} == {"Purna Warta"}
    for hostile in ['"', "AND OR", "NEAR(x", "*", "a:b", "'; drop table quotes; --"]:
        assert runner.invoke(cli, ["search", hostile]).exit_code == 0


def test_show_export_and_said(runner, tmp_path):
    ingest(runner, SEEDS)
    quote = rows(runner, "search", "sanksi", "--outlet", "Purna")[0]
    shown = runner.invoke(cli, ["show", str(quote["id"])], env={"COLUMNS": "200"})
    assert "Tekanan sanksi" in shown.output and "Purna Warta" in shown.output
    assert runner.invoke(cli, ["show", "999999"]).output == "Error: No quote with id 999999. List ids with: claimtrack quotes\n"
    exported = runner.invoke(cli, ["export", "--format", "csv"]).output.splitlines()
    assert exported[0].startswith("id,kind,text,") and len(exported) > 30
    said = rows(runner, "said", "Shoigu")
    dated = [r["published"] for r in said if r["published"]]
    assert dated == sorted(dated, reverse=True) and said[-1]["published"] is None  # undated last
    assert any(r["claim_id"] for r in said)


def test_an_interrupted_ingest_leaves_whole_articles_and_a_rerun_finishes_the_job(runner, tmp_path, monkeypatch):
    baseline_db = tmp_path / "baseline.db"
    assert runner.invoke(cli, ["ingest", str(SEEDS), "--db", str(baseline_db)]).exit_code == 0
    baseline = storage.counts(storage.open_database(baseline_db))

    real_stems = storage.articles.stems
    calls = {"n": 0}

    def dies_mid_article(text):
        # Called once per quote, inside the article's transaction, after its row was written.
        calls["n"] += 1
        if calls["n"] == 9:
            raise KeyboardInterrupt
        return real_stems(text)

    monkeypatch.setattr(storage.articles, "stems", dies_mid_article)
    ingest(runner, SEEDS)
    db = storage.open_database()
    assert db.execute("pragma integrity_check").fetchone()[0] == "ok"
    stored = storage.counts(db)
    assert 0 < stored["articles"] < baseline["articles"]
    for article in db["articles"].rows:  # only whole articles: each has all its quotes
        assert db["quotes"].count_where("article_id = ?", [article["id"]]) > 0
    monkeypatch.setattr(storage.articles, "stems", real_stems)
    assert ingest(runner, SEEDS).exit_code == 0
    assert storage.counts(storage.open_database()) == baseline
