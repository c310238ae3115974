"""`factdesk rank` end to end on TSV files made here."""

from __future__ import annotations

import argparse
import subprocess
import sys
from itertools import pairwise
from pathlib import Path

import pytest

from desktop.cli import rank_cmd
from desktop.errors import UserError

ROOT = Path(__file__).resolve().parents[2]


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    rank_cmd.register(parser.add_subparsers(dest="command"))
    return parser.parse_args(["rank", *argv])


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    queries = write(tmp_path / "q.tsv",
                    'id\ttext\n'
                    'q1\t"Floods in Sindh destroyed\n300 homes, officials say"\n'
                    'q2\tThe stabilisation centre in Kherson reopened\n')
    collection = write(tmp_path / "c.tsv",
                       'id\tclaim\ttitle\n'
                       'd1\tSome 300 homes were destroyed by floods in Sindh.\tSindh floods\n'
                       'd2\t"A ""new"" stabilization center opened in Kherson."\tKherson\n'
                       'd3\tThe bakery won a prize for its bread.\tBread prize\n')
    return queries, collection


@pytest.mark.parametrize("ranker", [["--lexical"], []])  # [] = semantic, installed here
def test_rank_writes_trec_run_via_subprocess(files: tuple[Path, Path], tmp_path: Path,
                                             ranker: list[str]) -> None:
    queries, collection = files
    out = tmp_path / "run.txt"
    done = subprocess.run(
        [sys.executable, "-m", "desktop", "rank", "--queries", str(queries),
         "--collection", str(collection), "--out", str(out), "--tag", "t1", *ranker],
        cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    rows = [line.split() for line in out.read_text().splitlines()]
    assert all(len(r) == 6 and r[1] == "Q0" and r[5] == "t1" for r in rows)
    first = {r[0]: r[2] for r in rows if r[3] == "1"}
    assert first == {"q1": "d1", "q2": "d2"}
    for qid in ("q1", "q2"):
        scores = [float(r[4]) for r in rows if r[0] == qid]
        assert scores == sorted(scores, reverse=True)
        assert [int(r[3]) for r in rows if r[0] == qid] == list(range(1, len(scores) + 1))


def test_rank_to_stdout_respects_top(files: tuple[Path, Path],
                                     capsys: pytest.CaptureFixture[str]) -> None:
    queries, collection = files
    args = parse(["--queries", str(queries), "--collection", str(collection), "--top", "1"])
    assert args.func(args) == 0
    lines = capsys.readouterr().out.splitlines()
    assert sorted(line.split()[0] for line in lines) == ["q1", "q2"]


@pytest.mark.parametrize("content", [
    "",  # empty file
    "id\ttext\n",  # header only
    "id\ttext\nonly-an-id\n",  # no text column
    "id\ttext\na\tx\na\ty\n",  # duplicate id
])
def test_bad_tsv_is_a_user_error(tmp_path: Path, files: tuple[Path, Path], content: str) -> None:
    bad = write(tmp_path / "bad.tsv", content)
    args = parse(["--queries", str(bad), "--collection", str(files[1])])
    with pytest.raises(UserError):
        args.func(args)


def test_missing_file_and_bad_options(tmp_path: Path, files: tuple[Path, Path]) -> None:
    queries, collection = files
    with pytest.raises(UserError, match="not found"):
        rank_cmd.run(parse(["--queries", str(tmp_path / "nope.tsv"),
                            "--collection", str(collection)]))
    with pytest.raises(UserError):
        rank_cmd.run(parse(["--queries", str(queries), "--collection", str(collection),
                            "--top", "5000"]))
    latin1 = tmp_path / "latin1.tsv"
    latin1.write_bytes("id\ttext\nx\tcaf\xe9\n".encode("latin-1"))
    with pytest.raises(UserError, match="UTF-8"):
        rank_cmd.run(parse(["--queries", str(latin1), "--collection", str(collection)]))


def test_neighbours_need_semantic_ranking_and_a_count(files: tuple[Path, Path]) -> None:
    queries, collection = files
    base = ["--queries", str(queries), "--collection", str(collection)]
    with pytest.raises(UserError, match=r"^--neighbours needs the semantic ranking, not "):
        rank_cmd.run(parse([*base, "--lexical", "--neighbours", "5"]))
    with pytest.raises(UserError, match=r"^--neighbours must be 0 or more$"):
        rank_cmd.run(parse([*base, "--semantic", "--neighbours", "-1"]))


def test_default_ranker_is_semantic_when_installed_else_lexical(
        files: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop.matching import semantic

    queries, collection = files
    runs = {}
    for name, flags in (("auto", []), ("semantic", ["--semantic"]), ("lexical", ["--lexical"])):
        out = tmp_path / f"{name}.run"
        assert rank_cmd.run(parse(["--queries", str(queries), "--collection", str(collection),
                                   "--out", str(out), *flags])) == 0
        runs[name] = out.read_text(encoding="utf-8")
    assert runs["auto"] == runs["semantic"] != runs["lexical"]
    monkeypatch.setitem(sys.modules, "tokenizers", None)  # the extra is missing
    monkeypatch.setattr(semantic, "_LOADED", {})
    out = tmp_path / "fallback.run"
    assert rank_cmd.run(parse(["--queries", str(queries), "--collection", str(collection),
                               "--out", str(out)])) == 0
    assert out.read_text(encoding="utf-8") == runs["lexical"]


def _rows(path: Path) -> list[list[str]]:
    return [line.split() for line in path.read_text(encoding="utf-8").splitlines()]


def test_evidence_task_runs_the_apps_scorer(files: tuple[Path, Path], tmp_path: Path) -> None:
    from desktop.matching import MatchEngine
    from desktop.matching.evidence import EvidenceScorer
    from desktop.matching.semantic import default_cache_dir, load_encoder
    from desktop.matching.semantic_rerank import embed_text

    queries, collection = files
    out = tmp_path / "evidence.run"
    assert rank_cmd.run(parse(["--queries", str(queries), "--collection", str(collection),
                               "--task", "evidence", "--out", str(out)])) == 0
    rows = _rows(out)
    encoder = load_encoder(default_cache_dir())
    scorer = EvidenceScorer(MatchEngine(weak=0.0, strong=1.0, depth=100),
                            lambda texts: encoder.encode([embed_text(t) for t in texts]))
    expected = scorer.match(rank_cmd.read_tsv(queries, "q"), rank_cmd.read_tsv(collection, "c"),
                            top_k=1000, spans=False, weak=0.0)
    assert [(r[0], r[2]) for r in rows] == [(m.claim_id, m.passage_id) for m in expected]
    assert {r[0]: r[2] for r in rows if r[3] == "1"} == {"q1": "d1", "q2": "d2"}


def test_run_files_give_every_query_a_line_and_strictly_falling_scores(
        tmp_path: Path) -> None:
    queries = write(tmp_path / "q.tsv", "id\ttext\nq1\tbread prize\nq2\tzzz qqq\n")
    collection = write(tmp_path / "c.tsv", "id\ttext\n"
                       "d1\tThe bakery won a prize for its bread.\n"
                       "d2\tThe bakery won a prize for its bread.\n"  # same text: a tie
                       "d3\tFloods in Sindh.\n")
    for task in ("checked-before", "evidence"):
        out = tmp_path / f"{task}.run"
        assert rank_cmd.run(parse(["--queries", str(queries), "--collection", str(collection),
                                   "--task", task, "--lexical", "--out", str(out)])) == 0
        rows = _rows(out)
        assert {r[0] for r in rows} == {"q1", "q2"}  # q2 shares no word, still one line
        for qid in ("q1", "q2"):
            scores = [float(r[4]) for r in rows if r[0] == qid]
            assert all(a > b for a, b in pairwise(scores)), scores
        assert [r[2] for r in rows if r[0] == "q1"][:2] == ["d1", "d2"]


def test_missing_model_is_one_note_on_stderr(files: tuple[Path, Path], tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    from desktop.matching import semantic

    monkeypatch.setitem(sys.modules, "tokenizers", None)
    monkeypatch.setattr(semantic, "_LOADED", {})
    queries, collection = files
    assert rank_cmd.run(parse(["--queries", str(queries), "--collection", str(collection),
                               "--out", str(tmp_path / "r.run")])) == 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "sentence model is not installed" in err
