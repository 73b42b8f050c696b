"""``jixiao`` command group. Each command lives in its own module and stays thin."""

from __future__ import annotations

import sys

import click

from jixiao import __version__
from jixiao.cli.audit import audit_command
from jixiao.cli.check import check_command
from jixiao.cli.import_cmd import import_command
from jixiao.cli.ratios import ratios_command
from jixiao.cli.render import render_command
from jixiao.cli.score import score_command
from jixiao.cli.template import template_command

EXIT_CANNOT_RUN = 2


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="jixiao")
def cli() -> None:
    """jixiao（绩效）：预算绩效自评的录入、检查、评分、成文与审核。"""


cli.add_command(check_command)
cli.add_command(audit_command)
cli.add_command(ratios_command)
cli.add_command(score_command)
cli.add_command(template_command)
cli.add_command(import_command)
cli.add_command(render_command)


def main() -> None:
    """Entry point: usage errors exit 2, never with a traceback."""
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_CANNOT_RUN)
    except click.exceptions.Abort:
        click.echo("已中止", err=True)
        sys.exit(EXIT_CANNOT_RUN)
    except BrokenPipeError:
        sys.exit(EXIT_CANNOT_RUN)
    sys.exit(0)
