"""Write docs/cli.md from the commands' own --help, so the reference cannot drift.

    .venv/bin/python scripts/cli_reference.py            # rewrite docs/cli.md
    .venv/bin/python scripts/cli_reference.py --check    # exit 1 when docs/cli.md is stale
"""

import sys
from pathlib import Path

import click
from click.testing import CliRunner

from claimtrack.cli import cli

REFERENCE = Path(__file__).resolve().parent.parent / "docs" / "cli.md"


def commands(group: click.Group, prefix: tuple[str, ...] = ()):
    yield prefix
    for name in sorted(group.commands):
        command = group.commands[name]
        if isinstance(command, click.Group):
            yield from commands(command, (*prefix, name))
        else:
            yield (*prefix, name)


def render() -> str:
    runner = CliRunner()
    parts = ["# claimtrack command reference\n\nGenerated from `--help` by `scripts/cli_reference.py`; do not edit.\n"]
    for path in commands(cli):
        help_text = runner.invoke(cli, [*path, "--help"], prog_name="claimtrack", terminal_width=100).output
        parts.append(f"\n## {' '.join(('claimtrack', *path))}\n\n```\n{help_text.rstrip()}\n```\n")
    return "".join(parts)


if __name__ == "__main__":
    text = render()
    if "--check" in sys.argv:
        sys.exit(0 if REFERENCE.exists() and REFERENCE.read_text(encoding="utf-8") == text else 1)
    REFERENCE.write_text(text, encoding="utf-8")
