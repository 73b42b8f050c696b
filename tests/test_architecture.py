"""Dependencies point down only: the core never imports Django, the web package or the CLI."""

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "jixiao"
OUTER = ("web", "cli")
FORBIDDEN_IN_CORE = ("django", "jixiao.web", "jixiao.cli")
# The bottom layer must not reach up into the model or later stages.
BOTTOM = {"number.py", "source.py", "issues.py"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def _core_files() -> list[Path]:
    return [p for p in SRC.rglob("*.py") if p.relative_to(SRC).parts[0] not in OUTER]


def test_core_does_not_import_web_cli_or_django():
    offenders = []
    for path in _core_files():
        for name in _imports(path):
            if any(name == f or name.startswith(f + ".") for f in FORBIDDEN_IN_CORE):
                offenders.append(f"{path.relative_to(SRC)} imports {name}")
    assert not offenders, offenders


def test_bottom_layer_stays_at_the_bottom():
    offenders = []
    for name in BOTTOM:
        for imported in _imports(SRC / name):
            if imported.startswith("jixiao.") and imported.split(".")[1] + ".py" not in BOTTOM:
                offenders.append(f"{name} imports {imported}")
    assert not offenders, offenders


def test_the_check_itself_sees_core_files():
    names = {p.name for p in _core_files()}
    assert {"model.py", "number.py", "issues.py"} <= names
