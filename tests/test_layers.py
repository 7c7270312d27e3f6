"""One home per concern, and imports that point one way (docs/architecture.md). The layers
themselves are import-linter's contract (pyproject.toml, `make lint`); this checks what it
cannot: no import of the project's own modules hides inside a function, where it would
dodge a cycle instead of resolving it."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = (
    "factcheck",
    "api",
    "web",
    "curation",
    "operations",
    "seeds",
    "interop",
    "serving",
    "releases",
    "record",
    "claims",
    "sources",
    "core",
)
# Where Django wants imports late: an AppConfig's ready() and what it connects (models
# cannot be imported while the app registry loads), and migrations (historical code).
ALLOWED = {"apps.py"}


def function_level_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found = []
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(function):
            if isinstance(node, ast.ImportFrom) and node.module:
                module = node.module
            elif isinstance(node, ast.Import):
                module = node.names[0].name
            else:
                continue
            if module.split(".")[0] in PACKAGES:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} imports {module}")
    return found


def test_no_project_module_is_imported_inside_a_function():
    found = []
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts or path.name in ALLOWED:
                continue
            found += function_level_imports(path)
    assert found == []
