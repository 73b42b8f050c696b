#!/usr/bin/env bash
# Install jixiao and run the main job on the reference example (攀枝花市社会保险事务中心 2021):
# check every figure, score every project, and write the documents into out/panzhihua-2021/.
set -uo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh || exit 2
EXAMPLE=examples/panzhihua-2021/evaluation.yaml
echo "== jixiao check $EXAMPLE"
.venv/bin/jixiao check "$EXAMPLE"
echo "== jixiao score $EXAMPLE"
.venv/bin/jixiao score "$EXAMPLE"
echo "== jixiao render $EXAMPLE --to all -o out/panzhihua-2021"
.venv/bin/jixiao render "$EXAMPLE" --to all -o out/panzhihua-2021
exit 0
