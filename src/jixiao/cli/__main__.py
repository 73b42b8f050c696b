"""``python -m jixiao.cli``: the same as the ``jixiao`` command."""

from jixiao.cli.main import main

main()
