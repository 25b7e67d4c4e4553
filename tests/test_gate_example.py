"""The tox gate of ``docs/gate.md``, run for real on the sample project in
``tests/gate_example`` (a module wrapping http.client with one planted deviation).

The example's own commands run with this interpreter in a copy of the project:
its baseline is made the way the document says, the gate passes with it, and
fails once a new deviation is planted and a known one changes."""

import configparser
import os
import platform
import shutil
import subprocess
import sys
from typing import List, Tuple

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXAMPLE = os.path.join(ROOT, "tests", "gate_example")
MODULE = "gate_sample.client"
BASELINE_COMMAND = f"python -m conformance baseline --impl {MODULE} --repeat 3"


def _env_name() -> str:
    """The tox env this interpreter would be: py311, pypy3..."""
    if platform.python_implementation() == "PyPy":
        return "pypy3"
    return "py{}{}".format(*sys.version_info[:2])


def _gate_commands() -> List[List[str]]:
    """The example tox.ini's ``[testenv] commands``, as this interpreter runs them."""
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(os.path.join(EXAMPLE, "tox.ini"), encoding="utf-8")
    lines = [line.strip() for line in parser.get("testenv", "commands").splitlines()]
    commands = []
    for line in filter(None, lines):
        words = line.replace("{envname}", _env_name()).split()
        assert words[0] == "python", f"the example runs {words[0]!r}, not python"
        commands.append([sys.executable, *words[1:]])
    return commands


def _run(command: List[str], cwd: str) -> Tuple[int, str]:
    done = subprocess.run(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, timeout=600, check=False)
    return done.returncode, done.stdout


def test_the_document_shows_the_example_as_it_is() -> None:
    with open(os.path.join(ROOT, "docs", "gate.md"), encoding="utf-8") as src:
        document = src.read()
    for name in ("tox.ini", os.path.join("gate_sample", "client.py")):
        with open(os.path.join(EXAMPLE, name), encoding="utf-8") as src:
            assert src.read() in document, f"docs/gate.md does not show {name} as it is"
    assert BASELINE_COMMAND in document


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A copy of the sample project with this interpreter's baseline, made as documented."""
    folder = os.path.join(str(tmp_path_factory.mktemp("gate")), "project")
    shutil.copytree(EXAMPLE, folder, ignore=shutil.ignore_patterns("__pycache__"))
    command = [sys.executable, *BASELINE_COMMAND.split()[1:]]
    command[command.index("--repeat") + 1] = "1"  # one run is enough for the test
    done = subprocess.run(command, cwd=folder, capture_output=True, text=True, timeout=600,
                          check=False)
    assert done.returncode == 0, done.stderr
    path = os.path.join(folder, "conformance-baselines", f"{_env_name()}.json")
    with open(path, "w", encoding="utf-8") as out:
        out.write(done.stdout)
    assert "responses_not_found_example" in done.stdout, "the planted deviation is not known"
    return folder


def test_the_gate_passes_with_the_baseline(project: str) -> None:
    commands = _gate_commands()
    assert commands and commands[0][1:4] == ["-m", "conformance", "run"]
    for command in commands:
        code, output = _run(command, project)
        assert code == 0, output[-3000:]
        assert "0 new, 0 changed" in output


def test_the_gate_fails_on_a_new_or_changed_deviation(project: str, tmp_path) -> None:
    changed = os.path.join(str(tmp_path), "changed")
    shutil.copytree(project, changed)
    module = os.path.join(changed, "gate_sample", "client.py")
    with open(module, encoding="utf-8") as src:
        text = src.read()
    planted = text.replace('"Not Here"', '"Gone Fishing"') + "\nHTTPS_PORT = 4443\n"
    assert planted != text + "\nHTTPS_PORT = 4443\n", "the known deviation was not changed"
    with open(module, "w", encoding="utf-8") as out:
        out.write(planted)
    code, output = _run(_gate_commands()[0], changed)
    assert code == 1, output[-3000:]
    # the port in both editions; the 404 phrase in the two checks of each edition
    assert "against the baseline: 2 new, 4 changed" in output
    assert "NEW [seed] port_constant[seed-HTTPS_PORT]" in output and "Gone Fishing" in output
