"""The layout's rules, read from the code: layers point down, and commands that do not extract start
without spaCy.

Each rule is a table row; a broken rule fails with the file, the line and the import or call that
breaks it.
"""

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from claimtrack import ingest, storage
from claimtrack.articles import read_text_file

PACKAGE = Path(__file__).resolve().parent.parent / "claimtrack"


def _imports(path: Path) -> list[tuple[int, str]]:
    """Every module a file imports, at its top or inside a function, with the line."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.append((node.lineno, node.module))
            # `from claimtrack import storage` imports the submodule claimtrack.storage.
            found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
    return found


def _files(*places: str) -> list[Path]:
    files = []
    for place in places:
        path = PACKAGE / place
        files += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    return files


def _is(module: str, forbidden: str) -> bool:
    return module == forbidden or module.startswith(f"{forbidden}.")


# (what the rule says, the files it holds for, the modules they may not import, the exceptions)
RULES = [
    ("storage keeps rows and SQL: it imports no algorithm, no presentation and no spaCy", ("storage",),
     ("spacy", "rapidfuzz", "rich", "click", "datasette", "claimtrack.matching", "claimtrack.speakers",
      "claimtrack.extracting", "claimtrack.parallel", "claimtrack.ingest", "claimtrack.names", "claimtrack.cli",
      "claimtrack.web", "claimtrack.presenting"), ()),
    ("extraction and in-article speaker resolution read no database",
     ("extracting", "speakers/in_article.py"), ("claimtrack.storage", "sqlite_utils"), ()),
    ("matching's scoring, candidates, units and clustering are pure: no database, no spaCy",
     ("matching/scoring.py", "matching/candidates.py", "matching/units.py", "matching/clustering.py"),
     ("claimtrack.storage", "sqlite_utils", "spacy", "claimtrack.extracting"), ()),
    ("names, records and language data are leaves", ("names.py", "records.py", "lexicon.py", "stemming.py"),
     ("claimtrack.storage", "claimtrack.matching", "claimtrack.speakers", "claimtrack.extracting", "spacy",
      "sqlite_utils"), ()),
    ("the parallel engines know no claims: claim matching calls them, not the other way",
     ("parallel.py",), ("claimtrack.matching", "claimtrack.storage", "claimtrack.ingest"), ()),
    ("only the command line, presenting and the web pages render", (".",), ("rich", "click"), ()),
]
RENDERERS = ("cli.py", "presenting", "web")


def _rule_files(places: tuple[str, ...]) -> list[Path]:
    if places == (".",):  # every file but the renderers
        allowed = {path for place in RENDERERS for path in _files(place)}
        return [path for path in sorted(PACKAGE.rglob("*.py")) if path not in allowed]
    return _files(*places)


@pytest.mark.parametrize(("rule", "places", "forbidden", "allowed"), RULES, ids=[rule[0] for rule in RULES])
def test_imports_point_down(rule, places, forbidden, allowed):
    broken = [f"{path.relative_to(PACKAGE.parent)}:{line}: imports {module}"
              for path in _rule_files(places) for line, module in _imports(path)
              if any(_is(module, name) for name in forbidden) and not any(_is(module, name) for name in allowed)]
    assert not broken, f"{rule}:\n" + "\n".join(broken)


def test_sql_runs_only_in_storage():
    """No `.execute(`, `.query(` or `.executemany(` call outside claimtrack/storage (Datasette's
    canned queries are data, in web/metadata.py, and run by Datasette)."""
    broken = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if (PACKAGE / "storage") in path.parents:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and node.func.attr in ("execute", "query", "executemany"):
                broken.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}: .{node.func.attr}(")
    assert not broken, "SQL outside claimtrack/storage:\n" + "\n".join(broken)


def test_the_rules_see_a_broken_import(tmp_path):
    """The reader finds imports inside functions and submodules named by `from X import y`."""
    code = tmp_path / "example.py"
    code.write_text("def f():\n    from claimtrack import matching\n    import spacy.tokens\n", encoding="utf-8")
    assert _imports(code) == [(2, "claimtrack"), (2, "claimtrack.matching"), (3, "spacy.tokens")]


# Commands that never extract, each as CliRunner arguments (the database comes from
# $CLAIMTRACK_DB), with the heavy libraries each may import: spaCy none of them; numpy (through
# sqlite-utils or matching), rapidfuzz (name and wording similarity) and Datasette only the
# commands that need them. `serve` runs with uvicorn's server replaced by a no-op.
READ_COMMANDS = [
    (["--help"], ()), (["search", "sanksi"], ()), (["search", "sanksi", "--speaker", "Shoigu"], ()),
    (["said", "Shoigu"], ()), (["said", "Sergei Shoigu"], ()), (["quotes"], ()), (["show", "1"], ()),
    (["claims"], ()), (["diff", "1"], ()), (["speakers"], ()), (["export"], ()), (["metadata"], ()),
    (["check"], ("numpy",)), (["changes"], ("numpy", "rapidfuzz")), (["match"], ("numpy", "rapidfuzz")),
    (["serve"], ("numpy", "datasette")),
]
HEAVY = ("spacy", "numpy", "datasette", "rapidfuzz")

_PROBE = """
import json, sys
from click.testing import CliRunner
args = json.loads(sys.argv[1])
if args[0] == "serve":
    import claimtrack.web.serve
    claimtrack.web.serve.uvicorn.run = lambda app, **options: None
from claimtrack.cli import cli
result = CliRunner().invoke(cli, args)
print(json.dumps([result.exit_code, sorted(name for name in sys.argv[2:] if name in sys.modules), result.output[-300:]]))
"""


@pytest.fixture(scope="module")
def small_database(tmp_path_factory, nlp):
    from claimtrack.extracting import extract

    path = tmp_path_factory.mktemp("small") / "small.db"
    db = storage.open_database(path)
    seeds = Path(__file__).resolve().parent.parent / "seeds"
    for seed in sorted(seeds.glob("*.txt")):
        article = read_text_file(seed)
        ingest.store_article(db, article, extract(article, nlp))
    from claimtrack.matching import update_claims

    update_claims(db)
    db.close()
    return path


@pytest.mark.parametrize(("args", "may_import"), READ_COMMANDS, ids=[" ".join(args) for args, _ in READ_COMMANDS])
def test_commands_that_do_not_extract_import_no_spacy_nor_what_they_do_not_need(small_database, args, may_import):
    """Each command in a fresh interpreter, as a user runs it: what it imports is its start-up time
    (spaCy 1-2 s, sqlite-utils with numpy 0.3 s, Datasette more)."""
    run = subprocess.run([sys.executable, "-c", _PROBE, json.dumps(args), *HEAVY], capture_output=True, text=True,
                         env={"CLAIMTRACK_DB": str(small_database), "PATH": "", "COLUMNS": "120"}, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    exit_code, imported, output = json.loads(run.stdout.splitlines()[-1])
    assert exit_code == 0, output
    assert set(imported) <= set(may_import), f"{' '.join(args)} imports {imported}"
