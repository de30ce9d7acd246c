"""The package outside the checkout: a built wheel in a fresh environment, the CLI's name,
--version, and extract --rules reaching the worker processes.

The wheel test builds from a copy of the sources (a stale build/ in the checkout could hide
a missing file), installs the wheel into a new venv that sees this environment's packages
only through a .pth file (so nothing is downloaded and the checkout is not importable), and
runs the installed tool from another directory.
"""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
import sysconfig
from pathlib import Path

import duckdb
import pytest

from pipeline import resources
from pipeline.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpus" / "articles" / "000_20090dda0295a578.txt"
SEED_MONEY = [8_500_000, 300_000_000]  # this seed's amounts (test_cli checks them all)


def _env() -> dict[str, str]:
    # No PYTHONPATH or CI-set paths leaking the checkout into the fresh environment.
    return {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "PYTHONHOME")}


def _run(argv: list[str], cwd: Path, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(argv, cwd=cwd, env=_env(), capture_output=True, text=True, timeout=600)
    if check and result.returncode != 0:
        raise AssertionError(f"{argv} exited {result.returncode}:\n{result.stdout}\n{result.stderr}")
    return result


def test_running_from_the_checkout_uses_its_rules_and_outputs():
    assert resources.repository_root() == ROOT
    assert resources.rules_dir() == ROOT / "rules"
    assert resources.default_database() == ROOT / "outputs" / "facts.duckdb"
    assert resources.default_corpus() == ROOT / "corpus" / "articles"


def test_help_names_the_tool_as_invoked(monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", ["/somewhere/bin/union-facts", "--help"])
    with pytest.raises(SystemExit):
        main(["--help"])
    assert capsys.readouterr().out.startswith("usage: union-facts ")
    result = _run([sys.executable, "-m", "pipeline", "query", "--help"], cwd=ROOT)
    assert result.stdout.startswith("usage: python -m pipeline query ")


def test_version_prints_package_and_pipeline_versions(capsys):
    import pipeline
    from pipeline.batch.runner import pipeline_version

    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.strip().endswith(f"{pipeline.__version__}, pipeline {pipeline_version()}")


@pytest.mark.slow
def test_rules_option_reaches_the_workers(tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    lexicon = rules / "money" / "lexicon.yaml"
    text = lexicon.read_text(encoding="utf-8")
    assert "currency_words: [đồng," in text
    lexicon.write_text(text.replace("currency_words: [đồng,", "currency_words: [xu, đồng,"), encoding="utf-8")
    article = tmp_path / "xu.txt"
    article.write_text("Tin vui\n\nCông đoàn trao 500 xu cho mỗi đoàn viên.\n", encoding="utf-8")

    def money(*options: str) -> list:
        db = tmp_path / f"facts{len(options)}.duckdb"
        _run(
            [sys.executable, "-m", "pipeline", "extract", str(article), "--db", str(db), "--quiet", *options], tmp_path
        )
        with duckdb.connect(str(db), read_only=True) as connection:
            return connection.execute("SELECT amount_vnd, text FROM money").fetchall()

    assert money("--workers", "1") == []
    assert money("--rules", str(rules), "--workers", "2") == [(500, "500 xu")]  # extracted in a worker process


def _fresh_venv(where: Path) -> Path:
    """A venv without pip whose site-packages also sees this environment's (through a .pth)."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(where)], check=True, timeout=120)
    python = where / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"], *site.getsitepackages()}
    Path(purelib, "_outer_site_packages.pth").write_text("\n".join(sorted(ours)) + "\n", encoding="utf-8")
    return python


@pytest.mark.slow
def test_wheel_installs_and_runs_anywhere(tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    for name in ["pyproject.toml", "setup.py", "README.md"]:
        shutil.copy(ROOT / name, source / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "pipeline", source / "pipeline", ignore=ignore)
    shutil.copytree(ROOT / "rules", source / "rules", ignore=ignore)

    build = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path / "dist"), str(source)]
    try:  # build with the setuptools already here when it is recent enough, else pip's isolated build
        import setuptools
        import wheel  # noqa: F401

        if int(setuptools.__version__.split(".")[0]) >= 68:
            build.insert(4, "--no-build-isolation")
    except ImportError:
        pass
    _run(build, cwd=tmp_path)
    (wheel_file,) = (tmp_path / "dist").glob("union_news_facts-*.whl")

    python = _fresh_venv(tmp_path / "venv")
    # --ignore-installed: this environment's own (editable) install, visible through the .pth, is left alone.
    install = [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", "--no-index"]
    _run([*install, "--ignore-installed", str(wheel_file)], cwd=tmp_path)
    tool = python.parent / ("union-facts.exe" if os.name == "nt" else "union-facts")

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(SEED, elsewhere / SEED.name)

    # The installed package, its shipped rules, and the Python API.
    probe = _run(
        [
            str(python),
            "-c",
            "import pipeline; from pipeline import extract, resources; "
            "print(pipeline.__file__); print(resources.rules_dir()); print(resources.repository_root()); "
            "print(extract('LĐLĐ thành phố đã trao 19 xuất quà với tổng số tiền 8.500.000đ.').money[0].amount_vnd)",
        ],
        cwd=elsewhere,
    ).stdout.splitlines()
    assert Path(probe[0]).is_relative_to(tmp_path / "venv"), probe
    assert Path(probe[1]).is_relative_to(tmp_path / "venv") and Path(probe[1], "money", "lexicon.yaml").is_file()
    assert probe[2:] == ["None", "8500000"]
    # every file of rules/ is shipped, whatever its format
    shipped = {path.relative_to(probe[1]).as_posix() for path in Path(probe[1]).rglob("*") if path.is_file()}
    assert shipped == {
        path.relative_to(source / "rules").as_posix() for path in (source / "rules").rglob("*") if path.is_file()
    }

    # extract with --db; without it the database is ./outputs/facts.duckdb of the working directory.
    db = elsewhere / "x.duckdb"
    _run([str(tool), "extract", SEED.name, "--db", str(db), "--quiet"], cwd=elsewhere)
    with duckdb.connect(str(db), read_only=True) as connection:
        amounts = connection.execute("SELECT amount_vnd FROM money ORDER BY char_start").fetchall()
        assert [amount for (amount,) in amounts] == SEED_MONEY
        assert connection.execute("SELECT source FROM articles").fetchall() == [(SEED.name,)]
    no_db = _run([str(tool), "query", "SELECT 1"], cwd=elsewhere, check=False)
    assert no_db.returncode == 2 and f"no database at {elsewhere / 'outputs' / 'facts.duckdb'};" in no_db.stderr

    # No INPUT outside a checkout: one line, exit 2. --help and --version name the tool.
    bare = _run([str(tool), "extract"], cwd=elsewhere, check=False)
    assert bare.returncode == 2 and bare.stderr.count("\n") == 1 and "INPUT" in bare.stderr
    assert _run([str(tool), "--help"], cwd=elsewhere).stdout.startswith("usage: union-facts ")
    assert _run([str(tool), "--version"], cwd=elsewhere).stdout.startswith("union-news-facts ")
    queried = _run(
        [str(tool), "query", "SELECT count(*) AS n FROM money", "--db", str(db), "--format", "csv"], elsewhere
    )
    assert queried.stdout == "n\n2\n"
