"""The development loop as documented: the README's test command is what CI runs."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _readme_test_command() -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    after = text.split("Install everything the tests need", 1)[1]
    return after.split("```sh\n", 1)[1].split("\n```", 1)[0].strip()


def test_ci_runs_the_readme_test_command_step_by_step() -> None:
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    steps = [step.strip() for step in _readme_test_command().split(" && ")]
    apt, venv, install, tests = steps
    # The same Debian packages, the same fresh environment, the same install and test run.
    packages = apt.split("install -y ", 1)[1].split()
    ci_apt = re.search(r"apt-get install -y -qq (.+?) >/dev/null", ci)
    assert ci_apt is not None and ci_apt.group(1).split() == packages
    assert venv in ci
    assert install.replace("pip install", "pip install -q") in ci
    assert re.search(rf"^{re.escape(tests)}$", ci, flags=re.M), tests
    assert "--run-slow" in tests  # CI runs every test, the slow ones too


def test_the_default_run_leaves_out_the_slow_tests_and_says_so() -> None:
    def collected(*options: str) -> set[str]:
        done = subprocess.run(
            [
                *(sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"),
                *options,
                "tests/test_soffice.py",
                "tests/test_loop.py",
            ],
            capture_output=True,
            text=True,
            cwd=REPO,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return {line for line in done.stdout.splitlines() if "::" in line}

    fast = collected()
    every = collected("--run-slow")
    assert fast and not any(test.startswith("tests/test_soffice.py") for test in fast)
    assert fast < every and any(test.startswith("tests/test_soffice.py") for test in every)


@pytest.mark.parametrize(
    "marker", ["@pytest.mark.slow", "pytestmark = pytest.mark.slow"], ids=["test", "module"]
)
def test_slow_marks_say_why(marker: str) -> None:
    """A slow mark is a choice worth a word: the test, or the module, says why it is slow."""
    for path in sorted((REPO / "tests").glob("test_*.py")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines):
            if line.startswith(marker):
                said = "#" in line or (number and lines[number - 1].lstrip().startswith("#"))
                assert said, f"{path.name}:{number + 1}: say why the test is slow"
