"""`parley simulate --save-dir` writes saves that are the same bytes for the same
arguments, and `parley replay` verifies each and prints what simulate printed."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

from _savetools import run_parley

ARGS = ["simulate", "--scenario", "tutorial", "--seed", "7", "--games", "5", "--json"]


def test_simulate_twice_gives_the_same_output_and_the_same_saves(tmp_path, content_root):
    one, two = tmp_path / "one", tmp_path / "two"
    with ThreadPoolExecutor(max_workers=2) as pool:
        first, second = pool.map(
            lambda d: run_parley([*ARGS, "--save-dir", str(d)], content=content_root, cwd=tmp_path), [one, two]
        )
    for result in (first, second):
        assert result.returncode == 0, result.stderr
        assert result.stderr == ""
    assert first.stdout.replace(str(one), "DIR") == second.stdout.replace(str(two), "DIR")
    assert str(one) in first.stdout

    names = sorted(p.name for p in one.iterdir())
    assert len(names) == 5 and all(n.endswith(".parley") for n in names)
    assert names == sorted(p.name for p in two.iterdir())
    for name in names:
        assert (one / name).read_bytes() == (two / name).read_bytes(), name
    assert sorted(p.name for p in tmp_path.iterdir()) == ["one", "two"]  # nothing else written

    summaries = [json.loads(line) for line in first.stdout.splitlines()]
    assert [s["game"] for s in summaries] == list(range(5))
    saves = [s["save"] for s in summaries]
    assert sorted(p.rsplit("/", 1)[1] for p in saves) == names

    def replay(save, *extra):
        return run_parley(["replay", save, *extra], content=content_root, cwd=tmp_path)

    with ThreadPoolExecutor(max_workers=4) as pool:
        as_json = list(pool.map(lambda s: replay(s, "--json"), saves))
        as_text = list(pool.map(replay, saves))
    for simulated, replayed, text in zip(summaries, as_json, as_text):
        assert replayed.returncode == 0 and replayed.stderr == "", replayed.stderr
        result = json.loads(replayed.stdout)
        assert result["verified"] is True
        for key in ("signed", "scores", "seed", "scenario", "end_date", "end_reason", "ended_by", "events",
                    "actions", "agents"):
            assert result[key] == simulated[key], key
        assert text.returncode == 0 and text.stderr == ""
        assert text.stdout.startswith("verified: ")
        assert f"seed {simulated['seed']}:" in text.stdout
        signed = ", ".join(f"{c}={o}" for c, o in simulated["signed"].items()) or "nothing"
        assert f"signed: {signed};" in text.stdout
        scores = " ".join(f"{d} {v:+.1f}" for d, v in simulated["scores"].items())
        assert f"scores: {scores}" in text.stdout

    # replaying wrote nothing
    for name in names:
        assert (one / name).read_bytes() == (two / name).read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["one", "two"]
