"""Duplicate detection across databases: mark, never delete.

The same paper arrives from PubMed, Embase, CINAHL and Scopus with different capitalisation,
author forms, journal abbreviations, page styles and missing DOIs. :func:`deduplicate`
finds those copies and keeps one record per paper, with fields merged from the others:

1. :mod:`~pipeline.dedup.keys` — comparable form of each field (``prepare``);
2. :mod:`~pipeline.dedup.blocking` — candidate pairs sharing a blocking key (DOI, PMID,
   title prefix/suffix/longest words, first author + year), near-linear work;
3. :mod:`~pipeline.dedup.similarity` — field scores with rapidfuzz;
4. :mod:`~pipeline.dedup.rules` — an explainable verdict per pair (rule or veto);
5. :mod:`~pipeline.dedup.clusters` — union-find that refuses joins putting two DOIs,
   PMIDs or person-separated records into one cluster;
6. :mod:`~pipeline.dedup.merge` — the kept record and its merged fields;
7. :mod:`~pipeline.dedup.review` — uncertain pairs for a person, and the person's
   ``same``/``different`` decisions, which override the rule on every run.

Reads the record model's columns; adds ``dedup_cluster``, ``dedup_kept``, ``duplicate_of``
(the kept record's id, ``""`` for the kept record), ``dedup_size`` and ``dedup_filled``.

Large runs: ``workers`` processes normalise records and score pairs in parallel (and
``rapidfuzz.process.cdist`` uses as many threads inside large blocks). For cluster jobs the
blocking splits into shards: :func:`score_shard` scores the pairs of shard ``i`` of ``n``
(``slr dedup --block-shard i/n --pairs-out shard.parquet``), and :func:`deduplicate` with
``scored=`` combines every shard's pairs (``slr dedup --combine shard*.parquet``); the
result is the same as one run over all blocks.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from pipeline import records as rec
from pipeline.dedup.blocking import candidate_pairs
from pipeline.dedup.clusters import ConstrainedUnionFind
from pipeline.dedup.keys import prepare
from pipeline.dedup.merge import merge_groups, order_members
from pipeline.dedup.rules import DOI_OVERRIDE_RULES, RULES, RuleOptions, decide
from pipeline.dedup.similarity import score_pairs
from pipeline.errors import DataError

__all__ = ["DedupResult", "deduplicate", "score_shard", "CLUSTER_COLUMNS", "UNCERTAIN_COLUMNS"]

log = logging.getLogger(__name__)

#: Columns of ``clusters.csv``: one row per input record.
CLUSTER_COLUMNS: tuple[str, ...] = (
    "record_id",
    "cluster_id",
    "kept",
    "duplicate_of",
    "cluster_size",
    "source",
    "rule",
    "matched_with",
    "score_title",
    "score_first_author",
    "score_authors",
    "score_journal",
    "year_diff",
    "doi",
    "pmid",
    "pages",
    "volume",
    "issue",
    "kept_apart_from",
    "veto",
)
#: Columns of ``uncertain_pairs.csv``; a person fills ``decision`` with same/different.
UNCERTAIN_COLUMNS: tuple[str, ...] = (
    "record_id_a",
    "record_id_b",
    "verdict",
    "rule",
    "reason",
    "score_title",
    "score_first_author",
    "score_authors",
    "score_journal",
    "year_diff",
    "doi",
    "pmid",
    "pages",
    "volume",
    "issue",
    "title_a",
    "title_b",
    "authors_a",
    "authors_b",
    "year_a",
    "year_b",
    "journal_a",
    "journal_b",
    "doi_a",
    "doi_b",
    "source_a",
    "source_b",
    "decision",
)
_SCORE_RENAME = {
    "title": "score_title",
    "first_author": "score_first_author",
    "authors": "score_authors",
    "journal": "score_journal",
}


@dataclass
class DedupResult:
    """What :func:`deduplicate` returns.

    ``records``: every input record with ``dedup_*`` columns; ``unique``: the kept record
    of each cluster with merged fields (sorted by ``record_id``); ``clusters``: one row per
    input record (:data:`CLUSTER_COLUMNS`); ``uncertain``: pairs for a person
    (:data:`UNCERTAIN_COLUMNS`); ``pairs``: every scored pair with its verdict.
    """

    records: pd.DataFrame
    unique: pd.DataFrame
    clusters: pd.DataFrame
    uncertain: pd.DataFrame
    pairs: pd.DataFrame


def _prepare_records(records: pd.DataFrame) -> pd.DataFrame:
    model = list(rec.COLUMNS)
    ready = list(records.columns[: len(model)]) == model and str(records["year"].dtype) == "Int64"
    # A table read with records.read_records is already in the model's form.
    table = records if ready else rec.normalise(records)
    rec.validate(table, name="dedup input")
    # Work in record_id order: positions, tie-breaks and outputs do not depend on the
    # order the records came in.
    return table.sort_values("record_id", kind="mergesort").reset_index(drop=True)


def score_shard(
    records: pd.DataFrame,
    *,
    shard: tuple[int, int] | None = None,
    workers: int = 1,
) -> pd.DataFrame:
    """Scored candidate pairs of one blocking shard, by ``record_id_a``/``record_id_b``."""
    table = _prepare_records(records)
    features = prepare(table, workers=workers)
    pairs = candidate_pairs(features, shard=shard, workers=workers)
    scores = score_pairs(features, pairs, workers=workers)
    ids = np.asarray(table["record_id"].tolist(), dtype=object)
    out = scores.drop(columns=["i", "j"])
    out.insert(0, "record_id_a", ids[scores["i"].to_numpy(dtype=np.int64)].tolist())
    out.insert(1, "record_id_b", ids[scores["j"].to_numpy(dtype=np.int64)].tolist())
    return out


def _decision_positions(
    decisions: Mapping[tuple[str, str], str], index: Mapping[str, int]
) -> dict[tuple[int, int], str]:
    out: dict[tuple[int, int], str] = {}
    for (a, b), verdict in decisions.items():
        if a in index and b in index and a != b:
            i, j = sorted((index[a], index[b]))
            out[(i, j)] = verdict
    return out


def deduplicate(
    records: pd.DataFrame,
    *,
    source_preference: Sequence[str] = (),
    decisions: Mapping[tuple[str, str], str] | None = None,
    merge_conference: bool = False,
    workers: int = 1,
    scored: pd.DataFrame | None = None,
    uncertain_limit: int = 1000,
) -> DedupResult:
    """Find duplicate records, choose one to keep per paper and merge fields into it.

    ``decisions`` maps ``(record_id_a, record_id_b)`` to a person's ``"same"`` or
    ``"different"`` (read from the pairs file by :mod:`~pipeline.dedup.review`).
    ``scored`` takes pre-scored pairs (from :func:`score_shard`, any number of shards
    concatenated) instead of blocking and scoring here.
    """
    table = _prepare_records(records)
    n = len(table)
    ids: list[str] = table["record_id"].tolist()
    index = {rid: pos for pos, rid in enumerate(ids)}
    features = prepare(table, workers=workers)
    if scored is None:
        pairs = candidate_pairs(features, workers=workers)
        log.info("%d records, %d candidate pairs", n, len(pairs))
        scores = score_pairs(features, pairs, workers=workers)
    else:
        scores = _positions_of(scored, index)
    by_pos = _decision_positions(decisions or {}, index)
    # Pairs a person judged that blocking did not propose are scored too.
    have = set(zip(scores["i"].tolist(), scores["j"].tolist(), strict=True))
    extra = np.array([k for k in sorted(by_pos) if k not in have], dtype=np.int64)
    if len(extra):
        more = score_pairs(features, extra.reshape(-1, 2), min_title=-1.0)
        scores = pd.concat([scores, more], ignore_index=True) if len(scores) else more
    verdicts = decide(
        features,
        scores,
        options=RuleOptions(merge_conference=merge_conference),
        decisions=by_pos,
    )
    # Union strongest edges first; record joins refused by the constraints.
    order = {rule: k for k, rule in enumerate(RULES)}
    edges = verdicts[verdicts["same"]].copy()
    edges["_order"] = [order[r] for r in edges["rule"]]
    edges["_title"] = -edges["title"].fillna(0.0)
    edges = edges.sort_values(["_order", "_title", "i", "j"], kind="mergesort")
    apart = [k for k, v in sorted(by_pos.items()) if v == "different"]
    uf = ConstrainedUnionFind(features["doi"].tolist(), features["pmid"].tolist(), apart)
    refused: dict[int, str] = {}
    for row, i, j, rule in zip(
        edges.index.tolist(),
        edges["i"].tolist(),
        edges["j"].tolist(),
        edges["rule"].tolist(),
        strict=True,
    ):
        why = uf.union(int(i), int(j), allow_doi_conflict=rule in DOI_OVERRIDE_RULES)
        if why:
            refused[row] = why
    if refused:
        rows = list(refused)
        verdicts.loc[rows, "reason"] = [
            f"{verdicts.at[r, 'rule']} refused: {refused[r]}" for r in rows
        ]
        verdicts.loc[rows, "same"] = False
        verdicts.loc[rows, "uncertain"] = True
    labels = uf.labels()
    return _assemble(
        table, features, verdicts, labels, ids, source_preference, by_pos, uncertain_limit
    )


def _positions_of(scored: pd.DataFrame, index: Mapping[str, int]) -> pd.DataFrame:
    missing = sorted(set(scored["record_id_a"]).union(scored["record_id_b"]) - set(index))
    if missing:
        raise DataError(f"scored pairs name record {missing[0]!r}, not in the records table")
    frame = scored.copy()
    a = np.array([index[r] for r in frame["record_id_a"]], dtype=np.int64)
    b = np.array([index[r] for r in frame["record_id_b"]], dtype=np.int64)
    frame.insert(0, "i", np.minimum(a, b))
    frame.insert(1, "j", np.maximum(a, b))
    frame = frame.drop(columns=["record_id_a", "record_id_b"])
    return frame.drop_duplicates(["i", "j"]).sort_values(["i", "j"]).reset_index(drop=True)


@dataclass(frozen=True)
class _Membership:
    """Each record's cluster (``ordered``: the clusters, kept record first)."""

    ordered: list[list[int]]
    cluster_id: list[str]
    kept_of: list[str]
    size: list[int]
    kept: list[bool]


#: Columns of ``clusters.csv`` that hold text (the others are numbers, empty as NaN).
_TEXT_CLUSTER_COLUMNS = (
    "rule",
    "matched_with",
    "doi",
    "pmid",
    "pages",
    "volume",
    "issue",
    "kept_apart_from",
    "veto",
)


def _assemble(
    table: pd.DataFrame,
    features: pd.DataFrame,
    verdicts: pd.DataFrame,
    labels: list[int],
    ids: list[str],
    source_preference: Sequence[str],
    by_pos: Mapping[tuple[int, int], str],
    uncertain_limit: int,
) -> DedupResult:
    m = _membership(table, labels, ids, source_preference)
    unique, notes = merge_groups(table, m.ordered)
    unique["dedup_cluster"] = [m.cluster_id[g[0]] for g in m.ordered]
    unique["dedup_kept"] = True
    unique["duplicate_of"] = ""
    unique["dedup_size"] = [len(g) for g in m.ordered]
    unique["dedup_filled"] = notes
    unique = unique.sort_values("record_id", kind="mergesort").reset_index(drop=True)
    filled = [""] * len(table)
    for group, note in zip(m.ordered, notes, strict=True):
        filled[group[0]] = note
    marked = table.copy()
    marked["dedup_cluster"] = m.cluster_id
    marked["dedup_kept"] = m.kept
    marked["duplicate_of"] = ["" if k else m.kept_of[p] for p, k in enumerate(m.kept)]
    marked["dedup_size"] = m.size
    marked["dedup_filled"] = filled
    clusters = _clusters_table(table, marked, verdicts, labels, ids, m)
    uncertain = _uncertain(table, verdicts, ids, labels, by_pos, uncertain_limit)
    pairs = verdicts.copy()
    pairs.insert(0, "record_id_a", [ids[i] for i in pairs["i"]])
    pairs.insert(1, "record_id_b", [ids[j] for j in pairs["j"]])
    pairs = pairs.drop(columns=["i", "j"]).sort_values(["record_id_a", "record_id_b"])
    return DedupResult(marked, unique, clusters, uncertain, pairs.reset_index(drop=True))


def _membership(
    table: pd.DataFrame, labels: list[int], ids: list[str], source_preference: Sequence[str]
) -> _Membership:
    """Clusters from the union-find labels, each named by its smallest record id and its
    members ordered by :func:`order_members` (the first is kept)."""
    n = len(table)
    members: dict[int, list[int]] = {}
    for pos, root in enumerate(labels):
        members.setdefault(root, []).append(pos)
    groups = sorted(members.values(), key=lambda g: min(ids[p] for p in g))
    ordered = order_members(table, groups, source_preference)
    cluster_id = [""] * n
    kept_of = [""] * n
    size = [1] * n
    for group in ordered:
        cid = min(ids[p] for p in group)
        for p in group:
            cluster_id[p] = cid
            kept_of[p] = ids[group[0]]
            size[p] = len(group)
    kept = [kept_of[p] == ids[p] for p in range(n)]
    return _Membership(ordered, cluster_id, kept_of, size, kept)


def _explaining_edges(
    verdicts: pd.DataFrame, labels: list[int], ids: list[str], kept_of: list[str]
) -> dict[int, tuple]:
    """The edge that explains each record's membership: to the kept record if there is one,
    else its strongest joined edge. ``position -> (key, other position, scores)``."""
    joined = verdicts[verdicts["same"]]
    inside = [labels[i] == labels[j] for i, j in zip(joined["i"], joined["j"], strict=True)]
    joined = joined.loc[np.asarray(inside, dtype=bool)]
    order_rank = {rule: k for k, rule in enumerate(RULES)}
    best: dict[int, tuple] = {}
    for s in joined.to_dict("records"):
        i, j = int(s["i"]), int(s["j"])
        for me, other in ((i, j), (j, i)):
            to_kept = ids[other] == kept_of[me]
            key = (not to_kept, order_rank[s["rule"]], -(s["title"] or 0.0), ids[other])
            if me not in best or key < best[me][0]:
                best[me] = (key, other, s)
    return best


def _nearest_apart(
    verdicts: pd.DataFrame, labels: list[int], ids: list[str]
) -> dict[int, tuple[tuple, int, str]]:
    """The most alike pair kept apart, and the veto (or missing rule) that kept it apart."""
    apart = verdicts[~verdicts["same"]]
    apart = apart.loc[
        np.asarray(
            [labels[i] != labels[j] for i, j in zip(apart["i"], apart["j"], strict=True)],
            dtype=bool,
        )
    ]
    nearest: dict[int, tuple[tuple, int, str]] = {}
    for i, j, title, reason in zip(
        apart["i"].tolist(),
        apart["j"].tolist(),
        apart["title"].fillna(0.0).tolist(),
        apart["reason"].tolist(),
        strict=True,
    ):
        for me, other in ((int(i), int(j)), (int(j), int(i))):
            key = (-title, ids[other])
            if me not in nearest or key < nearest[me][0]:
                nearest[me] = (key, other, reason)
    return nearest


def _clusters_table(
    table: pd.DataFrame,
    marked: pd.DataFrame,
    verdicts: pd.DataFrame,
    labels: list[int],
    ids: list[str],
    m: _Membership,
) -> pd.DataFrame:
    """One row per record: its cluster, the edge that joined it, the nearest kept apart."""
    best = _explaining_edges(verdicts, labels, ids, m.kept_of)
    rows = []
    sources = table["source"].tolist()
    duplicate_of = marked["duplicate_of"].tolist()
    for p in range(len(table)):
        base = {
            "record_id": ids[p],
            "cluster_id": m.cluster_id[p],
            "kept": m.kept[p],
            "duplicate_of": duplicate_of[p],
            "cluster_size": m.size[p],
            "source": sources[p],
        }
        if p in best:
            _, other, s = best[p]
            base.update(
                rule=s["rule"],
                matched_with=ids[other],
                score_title=s["title"],
                score_first_author=s["first_author"],
                score_authors=s["authors"],
                score_journal=s["journal"],
                year_diff=s["year_diff"],
                doi=s["doi"],
                pmid=s["pmid"],
                pages=s["pages"],
                volume=s["volume"],
                issue=s["issue"],
            )
        rows.append(base)
    for p, (_, other, reason) in _nearest_apart(verdicts, labels, ids).items():
        rows[p]["kept_apart_from"] = ids[other]
        rows[p]["veto"] = reason
    for row in rows:
        for col in CLUSTER_COLUMNS:
            row.setdefault(col, "" if col in _TEXT_CLUSTER_COLUMNS else np.nan)
    clusters = pd.DataFrame(rows, columns=list(CLUSTER_COLUMNS))
    for col in _TEXT_CLUSTER_COLUMNS:
        clusters[col] = clusters[col].astype(object)
    return clusters.sort_values("record_id", kind="mergesort").reset_index(drop=True)


def _uncertain(
    table: pd.DataFrame,
    verdicts: pd.DataFrame,
    ids: list[str],
    labels: list[int],
    by_pos: Mapping[tuple[int, int], str],
    limit: int,
) -> pd.DataFrame:
    todo = verdicts[verdicts["uncertain"]]
    open_ = [(i, j) not in by_pos for i, j in zip(todo["i"], todo["j"], strict=True)]
    todo = todo.loc[np.asarray(open_, dtype=bool)]
    # Two clusters kept apart need one question, not one per pair of their members: keep
    # the most alike pair per pair of clusters (pairs joined weakly are all listed).
    ci = [labels[i] for i in todo["i"]]
    cj = [labels[j] for j in todo["j"]]
    todo = todo.assign(
        _k=[
            f"{min(a, b)}-{max(a, b)}" if a != b else f"{i}-{j}"
            for a, b, i, j in zip(ci, cj, todo["i"], todo["j"], strict=True)
        ]
    )
    todo = todo.sort_values(
        ["_k", "title", "i", "j"], ascending=[True, False, True, True], kind="mergesort"
    ).drop_duplicates("_k")
    todo = todo.assign(
        _t=-todo["title"].fillna(0.0),
        _a=[ids[i] for i in todo["i"]],
        _b=[ids[j] for j in todo["j"]],
    )
    todo = todo.sort_values(["_t", "_a", "_b"], kind="mergesort").head(limit)
    rows = []
    cols = {c: table[c] for c in ("title", "authors", "year", "journal", "doi", "source")}
    for s in todo.to_dict("records"):
        i, j = int(s["i"]), int(s["j"])
        a, b = ({c: v.iat[i] for c, v in cols.items()}, {c: v.iat[j] for c, v in cols.items()})
        row = {
            "record_id_a": ids[i],
            "record_id_b": ids[j],
            "verdict": "same" if s["same"] else "different",
            "rule": s["rule"],
            "reason": s["reason"],
            "decision": "",
        }
        for key, value in _SCORE_RENAME.items():
            row[value] = s[key]
        for key in ("year_diff", "doi", "pmid", "pages", "volume", "issue"):
            row[key] = s[key]
        for suffix, r in (("a", a), ("b", b)):
            row[f"title_{suffix}"] = r["title"]
            row[f"authors_{suffix}"] = "; ".join(r["authors"][:3]) + (
                "; et al." if len(r["authors"]) > 3 else ""
            )
            row[f"year_{suffix}"] = "" if pd.isna(r["year"]) else str(int(r["year"]))
            row[f"journal_{suffix}"] = r["journal"]
            row[f"doi_{suffix}"] = r["doi"]
            row[f"source_{suffix}"] = r["source"]
        rows.append(row)
    return pd.DataFrame(rows, columns=list(UNCERTAIN_COLUMNS))
