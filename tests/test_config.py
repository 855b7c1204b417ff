"""The review config: schema defaults, one-line errors (file, line, key, what is expected, the
nearest valid key), missing files named by key, and a bad config stopping `slr run` and
Snakemake before any rule runs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from pipeline import config as configs
from pipeline import review as reviews
from pipeline.cli import main

GOOD = """\
review:
  name: test-review
search:
  exports:
    - database: embase
      file: queries/exports/embase.ris
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    assert main(["init", str(tmp_path / "r"), "--name", "test-review"]) == 0
    root = tmp_path / "r"
    exports = root / "queries" / "exports"
    (exports / "embase.ris").write_text(
        "TY  - JOUR\nTI  - A study of something\nPY  - 2020\nER  - \n", encoding="utf-8"
    )
    (exports / "embase.ris.yaml").write_text(
        "database: embase\nplatform: Ovid\ndate_searched: 2026-01-01\nstrategy: x\nlimits: none\n",
        encoding="utf-8",
    )
    (root / "config.yaml").write_text(GOOD, encoding="utf-8")
    return root


def _lines(path: Path) -> list[str]:
    with pytest.raises(configs.ConfigError) as info:
        configs.load(path)
    return info.value.lines


def test_defaults_come_from_the_schema(folder: Path) -> None:
    config = configs.load(folder / "config.yaml")
    assert config["screen"]["seed"] == 42
    assert config["screen"]["decisions"] == "decisions/decisions.jsonl"
    assert config["dedup"]["pairs"] == "decisions/dedup_pairs.csv"
    assert "pubmed" not in config["search"] and "themes" not in config


def test_every_leaf_has_a_description_and_objects_forbid_unknown_keys() -> None:
    def walk(node: dict, path: str) -> None:
        if node.get("type") == "object" and "properties" in node:
            assert node.get("additionalProperties") is False, path
            for key, sub in node["properties"].items():
                walk(sub, f"{path}.{key}")
        elif node.get("type") == "array":
            assert "description" in node, path
        else:
            assert "description" in node, path

    walk(configs.schema(), "config")


def test_a_typo_names_the_line_the_key_and_the_nearest_valid_key(folder: Path) -> None:
    path = folder / "config.yaml"
    path.write_text(GOOD + "screen:\n  target_recal: 0.9\n", encoding="utf-8")
    assert _lines(path) == [
        f"{path}:8: screen.target_recal: unknown key; did you mean 'target_recall'? "
        "(valid keys here: decisions, exclusion_reasons, highlight, keys, pdf_folder, seed, "
        "stop_by_rule, target_recall)"
    ]


def test_wrong_values_are_one_line_each(folder: Path) -> None:
    path = folder / "config.yaml"
    path.write_text(
        GOOD
        + "screen:\n  seed: many\n  target_recall: 1.0\ndedup:\n  source_preference: [Embase]\n",
        encoding="utf-8",
    )
    lines = _lines(path)
    assert len(lines) == 3, lines
    assert lines[0] == (
        f"{path}:11: dedup.source_preference[0]: 'Embase' is not valid; expected a database "
        "name as in search.exports (lower case letters, digits, '_'; e.g. embase)"
    )
    assert lines[1].startswith(f"{path}:8: screen.seed: 'many' is not valid; expected a value")
    assert lines[2].startswith(f"{path}:9: screen.target_recall: 1.0 is not valid")


def test_bad_yaml_indentation_names_file_and_line(folder: Path) -> None:
    path = folder / "config.yaml"
    path.write_text(GOOD.replace("      file:", "     file:"), encoding="utf-8")
    assert _lines(path) == [
        f"{path}:6:6: not valid YAML (while parsing a block collection, expected <block end>, "
        "but found '<block mapping start>'); check the indentation"
    ]


def test_missing_files_are_named_by_key(folder: Path) -> None:
    path = folder / "config.yaml"
    path.write_text(GOOD.replace("embase.ris", "embase_old.ris"), encoding="utf-8")
    assert _lines(path) == [
        f"{path}:6: search.exports[0].file: queries/exports/embase_old.ris: no such file"
    ]


def test_verbs_read_the_review_folder_given(folder: Path, tmp_path: Path) -> None:
    found = reviews.find(folder)
    assert found.config_file == folder / "config.yaml"
    assert found.decisions == folder / "decisions" / "decisions.jsonl"
    assert found.name == "test-review"
    with pytest.raises(Exception, match="no config.yaml"):
        reviews.find(tmp_path)


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    return subprocess.run([*args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda t: t.replace("embase.ris\n", "embase2.ris\n"), "search.exports[0].file"),
        (lambda t: t.replace("exports:", "exprots:"), "search.exprots: unknown key; did you mean"),
        (lambda t: t.replace("      file:", "     file:"), "config.yaml:6:6: not valid YAML"),
    ],
    ids=["missing-export", "typo", "bad-indent"],
)
def test_bad_config_stops_before_any_rule(folder: Path, edit, expected: str) -> None:  # noqa: ANN001
    path = folder / "config.yaml"
    path.write_text(edit(GOOD), encoding="utf-8")
    for command in (
        [sys.executable, "-m", "pipeline.cli", "run"],
        [sys.executable, "-m", "snakemake", "--cores", "1"],
    ):
        run = _run(*command, cwd=folder)
        assert run.returncode == 1, run.stdout + run.stderr
        errors = [line for line in run.stderr.splitlines() if "config.yaml" in line]
        assert len(errors) == 1 and expected in errors[0], run.stderr
        assert "Traceback" not in run.stderr
        assert not (folder / "outputs" / "ingest").exists()


def test_config_loads_yaml_of_the_example() -> None:
    root = Path(__file__).resolve().parents[1]
    config = configs.load(root / "config" / "config.yaml", root=root)
    raw = yaml.safe_load((root / "config" / "config.yaml").read_text(encoding="utf-8"))
    assert config["review"] == raw["review"]


def test_a_failing_rule_prints_its_own_error_line(folder: Path) -> None:
    sidecar = folder / "queries" / "exports" / "embase.ris.yaml"
    sidecar.write_text(sidecar.read_text(encoding="utf-8").replace("platform: Ovid\n", ""))
    run = _run(sys.executable, "-m", "pipeline.cli", "run", "--cores", "1", cwd=folder)
    assert run.returncode == 1
    assert (
        "rule search_log failed: slr search: error: queries/exports/embase.ris.yaml: "
        "sidecar lacks platform"
    ) in run.stderr.splitlines()


def test_hand_added_decisions_are_checked_like_imports(tmp_path: Path) -> None:
    from pipeline.errors import DataError
    from pipeline.screen.decisions import history

    store = tmp_path / "decisions.jsonl"
    line = '{{"record_id": "r1", "screener": "ann", "stage": "{0}", "decision": "{1}", '
    line += '"reason": "{2}", "review": "rv"}}\n'
    store.write_text(line.format("title_abstract", "Exclude", ""), encoding="utf-8")
    assert history(store, review="rv")["decision"].tolist() == ["exclude"]
    store.write_text(line.format("title_abstract", "excl", ""), encoding="utf-8")
    with pytest.raises(
        DataError, match=r"line 1: decision 'excl' .* \(use include, exclude, maybe\)"
    ):
        history(store)
    store.write_text(line.format("full_text", "exclude", "wrong popluation"), encoding="utf-8")
    with pytest.raises(
        DataError,
        match=r"line 1: exclusion reason 'wrong popluation' is not in the list "
        r"\(use one of: wrong population; wrong setting\)",
    ):
        history(store, reasons=["wrong population", "wrong setting"])


def test_init_example_writes_a_review_that_plans_the_whole_run(tmp_path: Path) -> None:
    assert main(["init", str(tmp_path / "ex"), "--example"]) == 0
    config = configs.load(tmp_path / "ex" / "config.yaml")
    assert config["review"]["name"] == "primary-social-care-integration"
    run = _run(sys.executable, "-m", "pipeline.cli", "run", "--dry-run", cwd=tmp_path / "ex")
    assert run.returncode == 0, run.stderr[-2000:]
    for rule in ("search_pubmed", "ingest", "dedup", "screen_rank", "screen_status", "prisma"):
        assert rule in run.stdout + run.stderr


def test_init_refuses_a_folder_in_use(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "notes.txt").write_text("mine", encoding="utf-8")
    assert main(["init", str(tmp_path / "used")]) == 2
    assert "not an empty folder" in capsys.readouterr().err
    assert sorted(p.name for p in (tmp_path / "used").iterdir()) == ["notes.txt"]
