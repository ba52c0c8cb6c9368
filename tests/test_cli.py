import json

import pytest
from click.testing import CliRunner

from claimtrack import storage
from claimtrack.cli import cli

from .conftest import SEEDS, SEEDS_GOLD


@pytest.fixture
def runner():
    return CliRunner()


def test_search_sanksi_lists_both_outlets_with_dates(runner):
    assert runner.invoke(cli, ["ingest", str(SEEDS)]).exit_code == 0
    result = runner.invoke(cli, ["search", "sanksi", "--nl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert {(r["outlet"], r["published"]) for r in rows} == {("SINDOnews", "2023-09-20"), ("Purna Warta", None)}
    assert all(r["speaker_name"] == "Sergei Shoigu" for r in rows)


def test_quotes_by_speaker(runner):
    runner.invoke(cli, ["ingest", str(SEEDS)])
    result = runner.invoke(cli, ["quotes", "--speaker", "Ashtiani", "--nl"])
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert rows and all(r["speaker_name"] == "Mohammad Reza Ashtiani" for r in rows)
    assert {r["outlet"] for r in rows} == {"Purna Warta"}


def test_extract_prints_the_prediction_format_without_a_database(runner, isolated_database):
    result = runner.invoke(cli, ["extract", str(SEEDS / "000_2339bdc2ebd3f11c.txt")])
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.output.splitlines()]
    text = (SEEDS / "000_2339bdc2ebd3f11c.txt").read_text(encoding="utf-8")
    for record in records:
        assert {"source", "start", "end", "text", "kind", "speaker", "speaker_name", "cue"} <= set(record)
        assert record["source"] == "000_2339bdc2ebd3f11c.txt"
        assert text[record["start"] : record["end"]] == record["text"]
    assert not isolated_database.exists()


def test_extract_reads_what_ingest_reads_and_names_what_it_cannot(runner, tmp_path):
    # JSON Lines and HTML were once passed over without a word, with exit status 0.
    text = (SEEDS / "000_2339bdc2ebd3f11c.txt").read_text(encoding="utf-8")
    (tmp_path / "a.jsonl").write_text(json.dumps({"id": "sindo-1", "content": text}) + "\n{not json\n",
                                      encoding="utf-8")
    paragraphs = "".join(f"<p>{line}</p>" for line in text.splitlines() if line.strip())
    (tmp_path / "b.html").write_text(f"<html><body><article>{paragraphs}</article></body></html>", encoding="utf-8")
    result = runner.invoke(cli, ["extract", str(tmp_path / "a.jsonl"), str(tmp_path / "b.html")])
    assert result.exit_code == 1
    records = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    by_source = {source: [r for r in records if r["source"] == source] for source in ("sindo-1", "b.html")}
    assert len(by_source["sindo-1"]) >= 5 and len(by_source["b.html"]) >= 5
    assert all(text[r["start"] : r["end"]] == r["text"] for r in by_source["sindo-1"])
    assert "a.jsonl:2: not valid JSON" in result.output


def test_ingest_names_bad_inputs_goes_on_and_exits_non_zero(runner, tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02")
    (tmp_path / "good.txt").write_text((SEEDS / "000_2339bdc2ebd3f11c.txt").read_text(encoding="utf-8"), encoding="utf-8")
    result = runner.invoke(cli, ["ingest", str(tmp_path)])
    assert result.exit_code == 1
    assert "empty.txt: the file is empty; there is no article to read." in result.output
    assert "binary.txt: this looks like a binary file" in result.output
    listed = runner.invoke(cli, ["quotes", "--nl"])
    assert len(listed.output.splitlines()) >= 4


def test_evaluate_scores_the_seeds(runner):
    result = runner.invoke(cli, ["evaluate", str(SEEDS_GOLD), str(SEEDS), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["groups"]["direct+partial"]["f1"] >= 0.95


def test_evaluate_reports_a_malformed_gold_file(runner, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    result = runner.invoke(cli, ["evaluate", str(bad)])
    assert result.exit_code == 1
    assert str(bad) in result.output and "line 1" in result.output


def test_demo_runs_on_the_seeds(runner):
    result = runner.invoke(cli, ["demo"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "Purna Warta" in result.output and "SINDOnews" in result.output


def _commands(group, prefix=()):
    for name, command in group.commands.items():
        yield (*prefix, name), command


@pytest.mark.parametrize(("path", "command"), list(_commands(cli)), ids=lambda v: " ".join(v) if isinstance(v, tuple) else "")
def test_every_command_is_documented(runner, path, command):
    assert command.help and command.help.strip()
    result = runner.invoke(cli, [*path, "--help"])
    assert result.exit_code == 0 and "Usage:" in result.output


def test_search_help_states_the_order_with_the_figures_search_uses(runner):
    text = " ".join(runner.invoke(cli, ["search", "--help"]).output.split())
    assert f"more than {storage.queries.COMMON_QUOTES:,} quotes" in text
    assert f"the newest {storage.queries.RANKED_MATCHES:,} matches best match first" in text
    assert "then older matches newest first" in text


def test_diff_shows_each_outlets_wording_and_writes_html(runner, tmp_path):
    runner.invoke(cli, ["ingest", str(SEEDS)])
    claims = [json.loads(line) for line in runner.invoke(cli, ["claims", "--nl"]).output.splitlines()]
    sanctions = next(c for c in claims if any("sanksi" in m["text"] for m in c["members"]))
    page = tmp_path / "claim.html"
    result = runner.invoke(cli, ["diff", str(sanctions["id"]), "--html", str(page)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "SINDOnews" in result.output and "Purna Warta" in result.output
    assert "[-menunjukkan kesia-siaan-]{+terbukti sia-sia+}" in result.output
    assert "<del>" in page.read_text(encoding="utf-8")
    assert runner.invoke(cli, ["diff", "999"]).output == "Error: No claim with id 999. List claims and their ids with: claimtrack claims\n"


def test_the_cli_reference_is_current():
    import importlib.util

    from .conftest import ROOT

    spec = importlib.util.spec_from_file_location("cli_reference", ROOT / "scripts" / "cli_reference.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.REFERENCE.read_text(encoding="utf-8") == module.render(), (
        "docs/cli.md is stale: run .venv/bin/python scripts/cli_reference.py")


def test_check_passes_a_fresh_database_and_names_a_broken_offset(runner, isolated_database):
    runner.invoke(cli, ["ingest", str(SEEDS)])
    assert runner.invoke(cli, ["check"]).output.endswith("no problems found.\n")
    import sqlite3

    with sqlite3.connect(isolated_database) as conn:
        conn.execute('update quotes set "end" = "end" + 5 where id = 1')
    result = runner.invoke(cli, ["check"])
    assert result.exit_code == 1 and "quote 1" in result.output


# --- output conventions: --json a JSON array, --nl JSON Lines, --csv ----------------------------

def _seeded(runner):
    assert runner.invoke(cli, ["ingest", str(SEEDS)]).exit_code == 0


@pytest.mark.parametrize("command", [["quotes"], ["search", "sanksi"], ["said", "Shoigu"], ["speakers"],
                                     ["claims"], ["changes"]], ids=" ".join)
def test_json_is_one_array_and_nl_one_object_a_line(runner, command):
    _seeded(runner)
    array = json.loads(runner.invoke(cli, [*command, "--json"]).output)
    lines = [json.loads(line) for line in runner.invoke(cli, [*command, "--nl"]).output.splitlines()]
    assert isinstance(array, list) and array == lines


def test_csv_quotes_commas_quote_marks_and_line_breaks(runner, tmp_path):
    import csv
    import io

    text = 'JAKARTA - "Kami siap, "tegas" dan\nberani," kata Budi Santoso.'
    (tmp_path / "a.jsonl").write_text(json.dumps({"id": "a", "outlet": "Kompas, Jakarta", "content": text}) + "\n",
                                      encoding="utf-8")
    assert runner.invoke(cli, ["ingest", str(tmp_path / "a.jsonl")]).exit_code == 0
    as_json = json.loads(runner.invoke(cli, ["quotes", "--json"]).output)
    rows = list(csv.DictReader(io.StringIO(runner.invoke(cli, ["quotes", "--csv"]).output)))
    assert [row["text"] for row in rows] == [row["text"] for row in as_json]
    assert {row["outlet"] for row in rows} == {"Kompas, Jakarta"}


def test_said_filters_limits_and_shows_the_claim_of_each_quote(runner):
    _seeded(runner)
    every = json.loads(runner.invoke(cli, ["said", "Shoigu", "--json"]).output)
    assert len(every) == 15 and {row["claim_id"] for row in every} - {None}
    direct = json.loads(runner.invoke(cli, ["said", "Shoigu", "--kind", "direct", "--json"]).output)
    assert direct and all(row["kind"] == "direct" for row in direct) and len(direct) < len(every)
    sindo = json.loads(runner.invoke(cli, ["said", "Shoigu", "--outlet", "SINDO", "--json"]).output)
    assert sindo and {row["outlet"] for row in sindo} == {"SINDOnews"}
    assert json.loads(runner.invoke(cli, ["said", "Shoigu", "--since", "2023-09-21", "--json"]).output) == []
    assert len(json.loads(runner.invoke(cli, ["said", "Shoigu", "--limit", "3", "--json"]).output)) == 3
    table = runner.invoke(cli, ["said", "Shoigu"], env={"COLUMNS": "200"}).output
    assert "claim" in table.splitlines()[2]
    # Purna Warta's article gives a weekday and day but no year: undated, no year invented (an
    # inferred date's ~ is tested in test_ingest); a partial quote's speaker is less sure.
    assert "undated" in table and "Sergei Shoigu ?" in table
    assert "? a speaker claimtrack is less sure of" in table
    missing = runner.invoke(cli, ["said", "Shoigu", "--until", "2010-01-01"])
    assert missing.output == ("Error: No quotes by 'Shoigu' with these filters. See who is known with: claimtrack "
                              "speakers --name PART\n")


def test_claims_speaker_finds_a_speaker_by_an_alias_as_said_does(runner):
    import os

    import sqlite_utils

    _seeded(runner)
    db = sqlite_utils.Database(os.environ["CLAIMTRACK_DB"])
    speaker_id = db.execute("select id from speakers where name = 'Sergei Shoigu'").fetchone()[0]
    db["speaker_aliases"].insert({"alias": "Menhan Rusia Shoigu", "speaker_id": speaker_id, "manual": 1})
    db.conn.close()
    said = json.loads(runner.invoke(cli, ["said", "Menhan Rusia", "--json"]).output)
    found = json.loads(runner.invoke(cli, ["claims", "--speaker", "Menhan Rusia", "--json"]).output)
    assert said and found
    assert {m["quote_id"] for claim in found for m in claim["members"]} <= {row["id"] for row in said}


def test_claims_says_truthfully_why_it_lists_nothing(runner, tmp_path):
    assert runner.invoke(cli, ["claims"]).output.startswith("Error:")  # no database: read commands never create one
    _seeded(runner)
    output = runner.invoke(cli, ["claims", "--min-outlets", "3"], env={"COLUMNS": "300"}).output
    assert output == ("No claims reported by 3 or more outlets; 4 claims are reported by fewer. List them with: "
                      "claimtrack claims --min-outlets 1\n")
    output = runner.invoke(cli, ["claims", "--speaker", "Putin"], env={"COLUMNS": "300"}).output
    assert output == ("No claims by a speaker matching 'Putin': no statement of theirs was reported by two articles. "
                      "Their quotes, if any: claimtrack said Putin\n")
    rows = runner.invoke(cli, ["claims", "--csv"]).output.splitlines()
    assert rows[0].startswith("claim_id,claim_speaker_name,") and len(rows) == 1 + 8


def test_export_gives_the_claim_of_each_quote(runner):
    _seeded(runner)
    rows = [json.loads(line) for line in runner.invoke(cli, ["export"]).output.splitlines()]
    said = {row["id"]: row["claim_id"] for row in json.loads(runner.invoke(cli, ["said", "Shoigu", "--json"]).output)}
    assert all("claim_id" in row for row in rows)
    assert {row["id"]: row["claim_id"] for row in rows if row["id"] in said} == said


def test_a_jsonl_file_with_other_field_names_gets_one_message_listing_them(runner, tmp_path):
    records = [{"id": n, "judul": "Rapat", "isi": f"JAKARTA - “Kami siap {n},” kata Budi Santoso."} for n in range(600)]
    path = tmp_path / "other.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    result = runner.invoke(cli, ["ingest", str(path)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Skipped {path}:1-600: 600 lines have no 'content' field, so none of them was read (they have the fields id, "
        "judul, isi); name the text field with --field text=NAME, for example --field text=isi, and the others as "
        "--field date=NAME, url, outlet, title, id.\n")
    assert runner.invoke(cli, ["ingest", str(path), "--field", "text=isi"]).exit_code == 0
    assert len(json.loads(runner.invoke(cli, ["quotes", "--limit", "0", "--json"]).output)) == 600


def test_search_gives_the_claim_of_each_quote_as_said_does(runner):
    _seeded(runner)
    found = json.loads(runner.invoke(cli, ["search", "sanksi", "--json"]).output)
    said = {row["id"]: row["claim_id"] for row in json.loads(runner.invoke(cli, ["said", "Shoigu", "--json"]).output)}
    assert found and all(row["claim_id"] is not None and row["claim_id"] == said[row["id"]] for row in found)
