#!/usr/bin/env bash
# System packages jixiao needs beyond Python (fonts, converters). Skips what is already there.
set -euo pipefail
# (filled in as features need system packages)
exit 0
