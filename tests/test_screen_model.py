"""The screening model: presets, cold start, ranking, active learning, stopping, the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import hypergeom

from pipeline.cli import main
from pipeline.errors import DataError, UsageError
from pipeline.screen import active, models, simulate, stopping
from pipeline.screen.coldstart import cold_start_scores

DATA = Path(__file__).resolve().parent / "data" / "screen_model"
FALLS = DATA / "falls_labelled.csv"

METRIC_KEYS = {
    "wss_95",
    "wss_100",
    "recall_at_10pct",
    "recall_at_25pct",
    "n_to_recall_95",
    "n_to_recall_100",
    "atd",
    "n_records",
    "n_included",
    "order",
    "stopping",
}


@pytest.fixture
def falls() -> tuple[pd.DataFrame, np.ndarray]:
    return simulate.read_labelled(FALLS)


# --------------------------------------------------------------------------- presets


def test_wrong_model_name_lists_the_valid_ones() -> None:
    with pytest.raises(UsageError) as err:
        models.get_preset("svm-typo")
    for name in models.PRESETS:
        assert name in str(err.value)


def test_default_model_is_registered() -> None:
    assert models.DEFAULT_MODEL in models.PRESETS


def test_sample_weights_follow_the_ratio() -> None:
    y = np.array([1, 1, 0, 0, 0, 0, 0, 0])
    w = models.sample_weights(y, 4.0)
    assert w[y == 1].sum() == pytest.approx(4.0 * w[y == 0].sum())
    assert w.mean() == pytest.approx(1.0)


# --------------------------------------------------------------------------- cold start


def test_cold_start_ranks_by_query_similarity(make_records) -> None:
    recs = make_records(
        4,
        title=[
            "Soil nitrogen under drought",
            "Exercise to prevent falls in older adults",
            "Reading comprehension in schools",
            "Falls and balance training for older people",
        ],
        abstract="",
    )
    out = active.rank(recs, {}, query_text="falls prevention exercise older adults")
    assert list(out.columns) == ["record_id", "score", "rank"]
    top_two = set(out["record_id"][:2])
    assert top_two == set(recs["record_id"].iloc[[1, 3]])
    assert out["record_id"].iloc[0] == recs["record_id"].iloc[1]  # more words in common
    assert out["rank"].tolist() == [1, 2, 3, 4]
    assert out["score"].is_monotonic_decreasing


def test_cold_start_without_query_is_seeded_and_order_free(make_records) -> None:
    recs = make_records(30)
    first = active.rank(recs, {}, seed=3)
    again = active.rank(recs.iloc[::-1].reset_index(drop=True), {}, seed=3)
    other = active.rank(recs, {}, seed=4)
    assert first["record_id"].tolist() == again["record_id"].tolist()
    assert first["record_id"].tolist() != other["record_id"].tolist()


def test_one_class_only_is_still_cold_start(falls) -> None:
    recs, y = falls
    excluded = {rid: 0 for rid, v in zip(recs["record_id"], y, strict=True) if v == 0}
    some = dict(list(excluded.items())[:5])
    out = active.rank(recs, some, query_text="exercise falls older adults")
    assert len(out) == len(recs) - 5
    assert not set(some) & set(out["record_id"])
    expected = cold_start_scores(
        recs[~recs["record_id"].isin(some)], query_text="exercise falls older adults"
    )
    assert out["score"].max() == pytest.approx(expected.max(), abs=1e-6)


# --------------------------------------------------------------------------- ranking


def test_rank_with_labels_puts_inclusions_first(falls) -> None:
    recs, y = falls
    ids = recs["record_id"].tolist()
    inc = [i for i in range(len(y)) if y[i] == 1]
    exc = [i for i in range(len(y)) if y[i] == 0]
    labels = {ids[inc[0]]: 1, ids[inc[1]]: 1, ids[exc[0]]: 0, ids[exc[1]]: 0, ids[exc[2]]: 0}
    out = active.rank(recs, labels, seed=0)
    assert len(out) == len(recs) - len(labels)
    assert not set(labels) & set(out["record_id"])
    remaining_inc = {ids[i] for i in inc[2:]}
    # The 8 unlabelled inclusions are the 8 best-ranked records.
    assert set(out["record_id"][: len(remaining_inc)]) == remaining_inc
    assert ((out["score"] >= 0) & (out["score"] <= 1)).all()
    assert out.equals(active.rank(recs, labels, seed=0))


def test_rank_rejects_bad_labels(falls) -> None:
    recs, _ = falls
    with pytest.raises(DataError, match="0 or 1"):
        active.rank(recs, {recs["record_id"][0]: 2})


# --------------------------------------------------------------------------- active learning


def test_active_order_is_a_permutation_with_priors_first(falls) -> None:
    recs, y = falls
    preset = models.get_preset(models.DEFAULT_MODEL)
    X = preset.features.from_records(recs)
    prior = simulate.draw_priors(y, seed=1)
    order, stats = active.active_order(X, y, prior, seed=1)
    assert order[:2].tolist() == prior
    assert sorted(order.tolist()) == list(range(len(y)))
    assert stats["n_fits"] >= 1
    # The constructed set separates well: every inclusion within the first 20 records.
    assert int(y[order[:20]].sum()) == int(y.sum())


def test_active_order_needs_both_classes_in_priors(falls) -> None:
    recs, y = falls
    X = models.get_preset("svm-elas-u4").features.from_records(recs)
    with pytest.raises(UsageError, match="prior knowledge"):
        active.active_order(X, y, [0, 1], model="svm-elas-u4")


def test_batch_schedule_grows() -> None:
    sizes = [active.next_batch_size(n) for n in (2, 49, 100, 1000, 5000)]
    assert sizes == [1, 1, 1, 10, 50]
    assert active.next_batch_size(1000, batch_growth=0.02) == 20


def _fit_sizes(monkeypatch) -> list[int]:
    sizes: list[int] = []
    fit = active.Learner.fit

    def counting_fit(self, X, y):
        sizes.append(len(y))
        return fit(self, X, y)

    monkeypatch.setattr(active.Learner, "fit", counting_fit)
    return sizes


def test_retrain_follows_every_inclusion(falls, monkeypatch) -> None:
    recs, y = falls
    X = models.get_preset("svm-elas-u4").features.from_records(recs)
    prior = simulate.draw_priors(y, seed=2)
    # Batches of 40% of the labelled count: without the inclusion rule, few refits.
    sizes = _fit_sizes(monkeypatch)
    order, stats = active.active_order(
        X, y, prior, model="svm-elas-u4", seed=2, batch_growth=0.4, stop_when_all_found=False
    )
    assert stats["n_fits"] == len(sizes)
    after_inclusion = [p + 1 for p in range(len(prior), len(y) - 1) if y[order[p]] == 1]
    assert after_inclusion  # the set has inclusions to find after the priors
    # Each inclusion screened is followed by a fit on everything up to and including it.
    assert set(after_inclusion) <= set(sizes)
    sizes.clear()
    active.active_order(
        X,
        y,
        prior,
        model="svm-elas-u4",
        seed=2,
        batch_growth=0.4,
        retrain_on_inclusion=False,
        stop_when_all_found=False,
    )
    # Without the rule the refits follow the batch schedule alone: fewer of them.
    schedule, n = [], len(prior)
    while n < len(y):
        schedule.append(n)
        n += active.next_batch_size(n, batch_growth=0.4)
    assert sizes == schedule
    # ... which would miss some of the fits right after an inclusion.
    assert not set(after_inclusion) <= set(schedule)


# --------------------------------------------------------------------------- stopping


def test_hypergeometric_p_by_hand() -> None:
    # 20 inclusions found, then 1000 exclusions in a row, 684 records left (N = 1704).
    # H0 (recall < 95%) means >= floor(20 / 0.95) + 1 = 22 inclusions, so >= 2 in the urn of
    # the 1684 records unscreened before the run of exclusions; p = P(0 of 2 in a sample of
    # 1000) = (684 / 1684) * (683 / 1683).
    labels = [1] * 20 + [0] * 1000
    p = stopping.hypergeometric_p(labels, 1704)
    assert p == pytest.approx((684 / 1684) * (683 / 1683))
    est = stopping.stopping_estimate(labels, 1704)
    assert est["hypergeometric_stop"] is False
    assert est["heuristic_stop"] is True
    assert est["consecutive_irrelevant"] == 1000
    assert est["n_screened"] == 1020 and est["n_included"] == 20


def test_hypergeometric_stops_when_the_rest_is_small() -> None:
    # 20 found, 1600 exclusions since, 84 left: at most 4% of the urn could hide 2 inclusions.
    est = stopping.stopping_estimate([1] * 20 + [0] * 1600, 1704)
    assert est["hypergeometric_stop"] is True and est["stop"] is True
    assert est["p_value"] < 0.05
    assert "Callaghan" in est["rule_text"]


def test_no_inclusion_never_stops() -> None:
    est = stopping.stopping_estimate([0] * 500, 600)
    assert est["stop"] is False and est["heuristic_stop"] is False
    # Nothing to fit: no expectation, and every unscreened record may be relevant.
    assert est["estimated_relevant_remaining"] is None
    assert est["estimated_relevant_remaining_upper"] == 100


def test_poisson_process_bound_by_hand_without_inclusions_in_the_fit() -> None:
    # The first inclusion starts the process; then 500 exclusions, 500 records left.
    # No inclusion in the fit: the likelihood is -a*S(b), maximal (0) at a = 0 for every b,
    # so the 95% region is a*S(b) <= c/2 with c = chi2(0.90, 1 df) = 1.6449^2 = 2.7055.
    # The mean left, a * sum over the unscreened positions of exp(-b x), is then largest at
    # b = 0: mu+ = (c/2) * 500/500 = 1.3528. Poisson(1.3528): P(X <= 2) = 0.8447,
    # P(X <= 3) = 0.9514, so q = 3, and 1 found < 0.95 * (1 + 3): continue.
    labels = [1] + [0] * 500
    bounds = stopping.poisson_process_bounds(labels, 1001)
    assert bounds["expected"][-1] == 0.0
    assert bounds["upper_mean"][-1] == pytest.approx(1.3528, abs=1e-4)
    assert bounds["upper"][-1] == 3
    est = stopping.stopping_estimate(labels, 1001)
    assert est["stop"] is False and est["estimated_relevant_remaining_upper"] == 3


def test_poisson_process_bound_by_hand_with_a_flat_rate() -> None:
    # After the first inclusion, 100 records with inclusions at positions 60 and 90, 900
    # records left. Their mean position (75) is past the middle of the 100 (50.5), so the
    # likelihood falls as b grows from 0: the fit is the flat rate a = 2/100, expecting
    # 2/100 * 900 = 18 inclusions in the rest. Upper bound at b = 0: u = a*S solves
    # 2 log u - u = 2 log 2 - 2 - c/2, i.e. u = 5.3027, so mu+ = 5.3027/100 * 900 = 47.72.
    labels = [1] + [0] * 59 + [1] + [0] * 29 + [1] + [0] * 10
    bounds = stopping.poisson_process_bounds(labels, 1001)
    assert bounds["expected"][-1] == pytest.approx(18.0)
    assert bounds["upper_mean"][-1] == pytest.approx(47.72, abs=0.01)
    assert np.isnan(bounds["expected"][0])  # nothing fitted at the first inclusion


def test_poisson_process_stops_once_the_curve_has_flattened() -> None:
    # 30 inclusions early, thinning out, then a long run of exclusions: the fitted decay
    # leaves well under 1 inclusion in the last 500 records, so the rule stops far
    # earlier than the hypergeometric test, with every inclusion found.
    head = [1] * 10 + [1, 0] * 10 + [1, 0, 0, 0] * 10
    order = head + [0] * (2000 - len(head))
    points = stopping.stop_points(order)
    pp, hyper = points["poisson_process"], points["hypergeometric"]
    assert pp["recall"] == 1.0 and pp["stop_at"] < hyper["stop_at"]
    # The replay agrees with the estimate computed on the prefix alone.
    n = pp["stop_at"]
    assert stopping.stopping_estimate(order[:n], len(order))["stop"] is True
    assert stopping.stopping_estimate(order[: n - 1], len(order))["stop"] is False
    # 95% of 30 is the 29th inclusion, at record 31 + 4 * 8 = 63.
    assert pp["efficiency"] == pytest.approx(pp["work_saved"] / (1 - 63 / 2000), abs=1e-6)


def test_stopping_estimate_rejects_bad_arguments() -> None:
    with pytest.raises(UsageError):
        stopping.stopping_estimate([1, 0], 1)
    with pytest.raises(UsageError):
        stopping.stopping_estimate([1, 0], 10, target_recall=1.5)


@settings(max_examples=80, deadline=None)
@given(
    labels=st.lists(st.integers(0, 1), min_size=1, max_size=60),
    left=st.integers(0, 200),
    tau=st.sampled_from([0.8, 0.9, 0.95]),
)
def test_fast_p_equals_brute_force_over_all_windows(
    labels: list[int], left: int, tau: float
) -> None:
    n = len(labels)
    total = n + left
    r = sum(labels)
    best = 1.0
    for k in range(1, n + 1):
        k_in = sum(labels[n - k :])
        urn = total - n + k
        k_tar = min(int(np.floor(r / tau - (r - k_in) + 1e-9)) + 1, urn)
        best = min(best, float(hypergeom.cdf(k_in, urn, k_tar, k)))
    assert stopping.hypergeometric_p(labels, total, target_recall=tau) == pytest.approx(
        best, abs=1e-12
    )


def test_stop_points_on_a_constructed_order() -> None:
    order = [1, 1, 0, 1] + [0] * 60 + [1] + [0] * 400
    points = stopping.stop_points(order, consecutive_irrelevant=50)
    heur = points["consecutive_irrelevant"]
    assert heur["stop_at"] == 4 + 50 and heur["recall"] == 0.75
    hyper = points["hypergeometric"]
    assert hyper["stop_at"] is not None and hyper["stop_at"] > 65
    assert hyper["recall"] == 1.0
    expected = next(
        n
        for n in range(1, len(order) + 1)
        if stopping.hypergeometric_p(order[:n], len(order)) < 0.05
    )
    assert hyper["stop_at"] == expected
    assert set(points) == set(stopping.STOPPING_METHODS)


# --------------------------------------------------------------------------- simulation


def test_simulation_is_deterministic_to_the_byte(falls, tmp_path: Path) -> None:
    recs, y = falls
    a = simulate.simulate(recs, y, seed=5)
    b = simulate.simulate(recs, y, seed=5)
    simulate.write_outputs(a, y, recs, tmp_path / "a")
    simulate.write_outputs(b, y, recs, tmp_path / "b")
    for name in ("metrics.json", "recall_curve.svg", "recall_curve.png"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    # The default stopping rule is part of the byte-stable output.
    assert a["stopping_default"] == "poisson_process"
    assert a["stopping"]["poisson_process"] == b["stopping"]["poisson_process"]
    assert '"poisson_process"' in (tmp_path / "a" / "metrics.json").read_text()
    c = simulate.simulate(recs, y, seed=6)
    assert c["prior"] != a["prior"]


def test_priors_are_drawn_from_each_class(falls) -> None:
    _, y = falls
    prior = simulate.draw_priors(y, seed=2, n_prior_included=3, n_prior_excluded=2)
    assert y[prior].tolist() == [1, 1, 1, 0, 0]
    with pytest.raises(DataError, match="included priors"):
        simulate.draw_priors(y, seed=2, n_prior_included=50)


def test_empty_records_still_count(falls) -> None:
    recs, y = falls
    empty = ((recs["title"] == "") & (recs["abstract"] == "")).sum()
    assert empty == 2
    result = simulate.simulate(recs, y, seed=1)
    assert result["n_records"] == 80 and len(result["order"]) == 80


# --------------------------------------------------------------------------- CLI


def test_cli_simulate_writes_all_keys(tmp_path: Path) -> None:
    out = tmp_path / "sim"
    code = main(
        [
            "screen",
            "simulate",
            str(FALLS),
            "--out",
            str(out),
            "--seed",
            "1",
            "--n-prior-included",
            "2",
        ]
    )
    assert code == 0
    data = json.loads((out / "metrics.json").read_text())
    assert set(data) >= METRIC_KEYS
    assert data["n_records"] == 80 and data["n_included"] == 10
    assert data["n_prior"] == 3 and data["order"][:3] == data["prior"]
    assert 0 < data["wss_95"] <= 1 - 10 / 80
    assert set(data["stopping"]) == {"poisson_process", "hypergeometric", "consecutive_irrelevant"}
    assert data["stopping_default"] == "poisson_process"
    for point in data["stopping"].values():
        assert {"recall", "stop_at", "work_saved", "efficiency"} <= set(point)
    assert (out / "recall_curve.png").stat().st_size > 0
    assert (out / "recall_curve.svg").read_text().startswith("<?xml")


def test_cli_simulate_bad_label_is_one_line(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("title,abstract,label_included\nA,x,1\nB,y,\nC,z,0\n")
    assert main(["screen", "simulate", str(bad), "--out", str(tmp_path / "o")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "row 2" in err[0] and "label_included" in err[0]
    nolabel = tmp_path / "nolabel.csv"
    nolabel.write_text("title,abstract\nA,x\nB,y\n")
    assert main(["screen", "simulate", str(nolabel), "--out", str(tmp_path / "o")]) == 1
    assert "no label column" in capsys.readouterr().err


def test_cli_unknown_model_is_a_usage_error(tmp_path: Path, capsys) -> None:
    code = main(["screen", "simulate", str(FALLS), "--out", str(tmp_path), "--model", "nope"])
    assert code == 2
    assert "valid models" in capsys.readouterr().err


def test_cli_rank_writes_queue_from_decisions(falls, tmp_path: Path) -> None:
    from pipeline import records as rec
    from pipeline.screen import decisions

    recs, y = falls
    table = rec.from_dicts(recs.to_dict("records"))
    unique = tmp_path / "unique.parquet"
    rec.write_records(table, unique)
    ids = recs["record_id"].tolist()
    store = tmp_path / "decisions.jsonl"
    picks = [(ids[3], "include"), (ids[0], "exclude"), (ids[1], "exclude"), (ids[11], "include")]
    decisions.append(
        store,
        [decisions.make_decision(r, "ana", "title_abstract", d, review="test") for r, d in picks],
    )
    queue_path = tmp_path / "screen" / "queue.csv"
    stop_path = tmp_path / "screen" / "stopping.json"
    args = ["screen", "rank", "--records", str(unique), "--decisions", str(store)]
    args += ["--out", str(queue_path), "--stopping", str(stop_path), "--seed", "1"]
    assert main(args) == 0
    queue = pd.read_csv(queue_path, dtype={"record_id": str}, keep_default_na=False)
    assert list(queue.columns[:6]) == ["rank", "record_id", "score", "title", "year", "journal"]
    assert len(queue) == 76 and not set(r for r, _ in picks) & set(queue["record_id"])
    label = dict(zip(ids, y, strict=True))
    assert sum(label[r] for r in queue["record_id"][:8]) == 8
    est = json.loads(stop_path.read_text())
    assert est["n_screened"] == 4 and est["n_included"] == 2
    # A rerun writes the same bytes.
    first = queue_path.read_bytes()
    assert main(args) == 0
    assert queue_path.read_bytes() == first


def test_cli_rank_cold_start_without_store(falls, tmp_path: Path) -> None:
    from pipeline import records as rec

    recs, _ = falls
    unique = tmp_path / "unique.parquet"
    rec.write_records(rec.from_dicts(recs.to_dict("records")), unique)
    query = tmp_path / "question.txt"
    query.write_text("Does exercise prevent falls in older adults?")
    out = tmp_path / "queue.csv"
    args = ["screen", "rank", "--records", str(unique), "--decisions", str(tmp_path / "none.jsonl")]
    assert main([*args, "--out", str(out), "--query-text", str(query)]) == 0
    queue = pd.read_csv(out, keep_default_na=False)
    assert len(queue) == 80
    assert "falls" in queue["title"].iloc[0].lower() or "fall" in queue["title"].iloc[0].lower()
    assert main([*args, "--out", str(out), "--query-text", str(tmp_path / "missing.txt")]) == 1


def test_score_ensemble_averages_standardised_scores(falls) -> None:
    from sklearn.naive_bayes import MultinomialNB
    from sklearn.svm import LinearSVC

    recs, y = falls
    X = models.get_preset("svm-nb").features.from_records(recs)
    svm, nb = LinearSVC(C=0.11, random_state=0), MultinomialNB(alpha=3.822)
    committee = models.ScoreEnsemble((svm, nb)).fit(X, y)
    parts = [models.scores(m.fit(X, y), X) for m in (svm, nb)]
    expected = sum((p - p.mean()) / p.std() for p in parts) / 2
    assert committee.decision_function(X) == pytest.approx(expected)


def test_presumed_exclusions_are_seeded_and_unscreened() -> None:
    candidates = np.arange(10, 1000)
    a = active.presumed_exclusions(candidates, 100, np.random.default_rng(1))
    b = active.presumed_exclusions(candidates, 100, np.random.default_rng(1))
    assert a.tolist() == b.tolist() and len(set(a.tolist())) == 100
    assert set(a.tolist()) <= set(candidates.tolist())
    # Too few unscreened records left: none are presumed.
    assert len(active.presumed_exclusions(candidates[:300], 100, np.random.default_rng(1))) == 0


def test_bmi_preset_simulates(falls) -> None:
    recs, y = falls
    result = simulate.simulate(recs, y, seed=2, model="svm-bmi")
    assert result["model"] == "svm-bmi" and len(result["order"]) == 80


# --------------------------------------------------------------------------- dry spells


def test_interleave_by_hand() -> None:
    fused = np.array([0, 1, 2, 3])
    members = [np.array([3, 2, 1, 0]), np.array([2, 3, 0, 1])]
    # Run long enough from the start: even positions go to the members in turn.
    assert active._interleave(fused, members, 0, 50, 50).tolist() == [3, 0, 2, 1]
    # One decision made so far (odd count): the fused order picks first.
    assert active._interleave(fused, members, 1, 50, 50).tolist() == [0, 3, 1, 2]
    # Run of 48: two more exclusions before the members come in (positions 2 and 4).
    assert active._interleave(fused, members, 0, 48, 50).tolist() == [0, 1, 3, 2]
    assert active._interleave(fused, members, 0, 50, 0).tolist() == [0, 1, 2, 3]


def test_trailing_exclusions() -> None:
    assert active.trailing_exclusions([1, 0, 0, 0]) == 3
    assert active.trailing_exclusions(np.array([0, 1])) == 0


def test_dry_spell_picks_replayed_by_hand(falls) -> None:
    """Refit at every step and check each pick against the committee or the member due."""
    recs, y = falls
    preset = models.get_preset("svm-nb")
    X = preset.features.from_records(recs)
    prior = simulate.draw_priors(y, seed=3)
    order, _ = active.active_order(
        X, y, prior, seed=3, batch_growth=0.0, dry_spell=2, stop_when_all_found=False
    )
    order = order.tolist()
    run, turn, explored = active.trailing_exclusions(y[prior]), 0, 0
    for p in range(len(prior), len(order) - 1):
        seen = order[:p]
        rest = np.array(sorted(set(range(len(y))) - set(seen)))
        learner = active.Learner(preset, seed=3).fit(X[seen], y[seen])
        members = learner.member_scores(X[rest])
        if active.explore_now(p, run, 2):
            source = members[turn % len(members)]
            turn += 1
            explored += 1
        else:
            source = members.mean(axis=0)
        best = rest[np.lexsort((rest, -source))][0]
        assert order[p] == best, f"pick {p}"
        run = 0 if y[order[p]] else run + 1
    assert explored > 5


def test_rank_interleaves_members_after_a_dry_spell(falls) -> None:
    recs, y = falls
    ids = recs["record_id"].tolist()
    inc = [i for i in range(len(y)) if y[i] == 1][:2]
    exc = [i for i in range(len(y)) if y[i] == 0][:4]
    labels = {ids[i]: int(y[i]) for i in inc + exc}  # 6 decisions: even
    plain = active.rank(recs, labels, seed=0, dry_spell=0)
    dry = active.rank(recs, labels, seed=0, exclusions_in_a_row=60)
    assert sorted(dry["record_id"]) == sorted(plain["record_id"])
    assert dry["rank"].tolist() == list(range(1, len(dry) + 1))
    assert dict(zip(dry["record_id"], dry["score"], strict=True)) == dict(
        zip(plain["record_id"], plain["score"], strict=True)
    )
    # Place 1 (6 decisions made, an even count) goes to the first member (the SVM): its top unlabelled record.
    preset = models.get_preset("svm-nb")
    X = preset.features.from_records(recs)
    idx = [ids.index(r) for r in labels]
    learner = active.Learner(preset, seed=0).fit(X[idx], y[idx])
    rest = np.array([i for i in range(len(ids)) if ids[i] not in labels])
    svm_top = ids[rest[np.argmax(learner.member_scores(X[rest])[0])]]
    assert dry["record_id"].iloc[0] == svm_top
    assert dry["record_id"].tolist() != plain["record_id"].tolist()
    # No dry spell yet: the first places are the committee's own order.
    calm = active.rank(recs, labels, seed=0)
    assert calm["record_id"].tolist()[:40] == plain["record_id"].tolist()[:40]


def test_presets_are_unfitted_estimators_seeded_per_run() -> None:
    from sklearn.base import BaseEstimator

    from pipeline.screen.models import PRESETS, get_preset

    for preset in PRESETS.values():
        assert isinstance(preset.classifier, BaseEstimator)
        assert not hasattr(preset.classifier, "classes_")  # never fitted in place
    committee = get_preset("svm-nb").build(7)
    assert committee.estimators[0].random_state == 7
    assert get_preset("svm-nb").classifier.estimators[0].random_state == 0  # preset untouched
    params = get_preset("svm-nb").params(7)
    assert params["classifier"]["members"][0] == {**params["classifier"]["members"][0], "C": 0.11}
    assert params["classifier"]["members"][1]["alpha"] == 3.822
    assert params["features"]["title_weight"] == 3 and params["balance_ratio"] == 9.8
