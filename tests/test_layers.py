"""Import directions import-linter cannot see: tasks and the services that queue them.

Services import the tasks they queue at module level (``report_generate_task``); a task imports
its service inside its body. So ``sustain.tasks`` loads without any service, and no service hides
an import of the tasks in a function.
"""

import ast
from pathlib import Path

import sustain

ROOT = Path(sustain.__file__).parent


def _imports(node: ast.AST) -> list[str]:
    if isinstance(node, ast.ImportFrom) and node.module:
        return [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    return []


def test_tasks_import_no_service_at_module_level():
    tree = ast.parse((ROOT / "tasks.py").read_text())
    top = [name for node in tree.body for name in _imports(node)]
    assert not [n for n in top if n.startswith(("sustain.services", "sustain.report"))], top
    inside = [name for node in ast.walk(tree) for name in _imports(node)]
    assert "sustain.services.solar.estimates" in inside or "sustain.services" in inside


def test_services_import_tasks_only_at_module_level():
    queued = []
    for path in [*ROOT.glob("services/**/*.py"), *ROOT.glob("report/**/*.py")]:
        tree = ast.parse(path.read_text())
        top = {id(node) for node in tree.body}
        for node in ast.walk(tree):
            names = _imports(node)
            if any(n == "sustain.tasks" or n.startswith("sustain.tasks.") for n in names):
                assert id(node) in top, f"{path.relative_to(ROOT)} imports tasks in a function"
                queued += [n for n in names if n.endswith("_task")]
    assert {"sustain.tasks.report_generate_task", "sustain.tasks.gis_import_run_task"} <= set(
        queued
    )
