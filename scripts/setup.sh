#!/usr/bin/env bash
# Install jixiao and what it needs into .venv (idempotent). Used by both README commands.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup-system.sh
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ".[test]"
