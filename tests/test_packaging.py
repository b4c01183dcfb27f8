"""The wheel holds every package and data file the code reads (a package left out of pyproject.toml installs
without it, and the installed CLI then fails on import)."""
import fnmatch
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SETUP = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def test_every_package_under_pipeline_is_declared():
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "pipeline").rglob("__init__.py")}
    assert found <= set(SETUP["packages"])


def test_every_data_file_in_a_package_is_declared():
    for package in SETUP["packages"]:
        folder = ROOT / SETUP.get("package-dir", {}).get(package, package.replace(".", "/"))
        patterns = SETUP.get("package-data", {}).get(package, [])
        for path in folder.iterdir():
            if path.is_file() and path.suffix not in (".py", ".pyc") and not path.name.startswith("."):
                assert any(fnmatch.fnmatch(path.name, p.removeprefix("**/")) for p in patterns), f"{path.relative_to(ROOT)} not in package-data"
