"""Every command and every option of the CLI is documented in docs/cli.md (Datasette's rule)."""

import re
from pathlib import Path

import click
import pytest

from jixiao.cli.main import cli

DOC = (Path(__file__).resolve().parents[1] / "docs" / "cli.md").read_text(encoding="utf-8")


def _section(name: str) -> str:
    m = re.search(rf"^## jixiao {name}\n(.*?)(?=^## |\Z)", DOC, re.S | re.M)
    return m.group(1) if m else ""


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_has_a_section(name: str) -> None:
    assert _section(name), f"docs/cli.md has no '## jixiao {name}' section"


@pytest.mark.parametrize(
    ("name", "option"),
    [
        (name, opt)
        for name, command in sorted(cli.commands.items())
        for param in command.params
        if isinstance(param, click.Option) and not param.hidden
        for opt in param.opts
        if opt.startswith("--") and opt != "--help"
    ],
)
def test_every_option_is_documented(name: str, option: str) -> None:
    assert option in _section(name), f"{option} of jixiao {name} is not in docs/cli.md"
