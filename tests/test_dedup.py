"""Deduplication: normalisation, traps that must stay apart, invariants, CLI, decisions."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import cli, records
from pipeline.authors import parse_authors
from pipeline.dedup import CLUSTER_COLUMNS, UNCERTAIN_COLUMNS, deduplicate, review, score_shard
from pipeline.dedup import keys as field_keys
from pipeline.errors import DataError

DATA = Path(__file__).resolve().parent / "data" / "dedup"
MULTI = DATA / "multi_source.csv"


def _table(rows: list[dict]) -> pd.DataFrame:
    frame = records.from_dicts(rows)
    return records.assign_record_ids(frame)


def _clusters(rows: list[dict], **kwargs) -> list[set[str]]:
    """The clusters of ``rows`` as sets of record ids (only those with 2+ records)."""
    result = deduplicate(_table(rows), **kwargs)
    groups = result.clusters.groupby("cluster_id")["record_id"].apply(set)
    return [g for g in groups if len(g) > 1]


ARTICLE = {
    "source": "pubmed",
    "title": "Barriers to integrating primary care and social care for frail older people",
    "authors": ["Smith, John", "Lee, Kim", "Patel, Raj"],
    "year": 2019,
    "journal": "International Journal of Integrated Care",
    "volume": "19",
    "issue": "3",
    "pages": "123-129",
    "abstract": "We interviewed general practitioners and social workers.",
}


def _copy(**changes) -> dict:
    row = dict(ARTICLE, source="embase")
    row.update(changes)
    return row


# ---------------------------------------------------------------- normalisation


@pytest.mark.parametrize(
    ("short", "full"),
    [
        ("BMJ Open", "BMJ open"),
        ("Int J Integr Care", "International Journal of Integrated Care"),
        ("Curr Opin Lipidol", "Current Opinion in Lipidology"),
        ("J Am Coll Cardiol", "Journal of the American College of Cardiology"),
        ("Proc Natl Acad Sci U S A", "Proceedings of the National Academy of Sciences U S A"),
        ("Circulation. Conference: AHA Scientific Sessions", "Circulation"),
    ],
)
def test_journal_abbreviations_match(short: str, full: str) -> None:
    assert (
        field_keys.journal_match(field_keys.journal_tokens(short), field_keys.journal_tokens(full))
        == 1.0
    )


@pytest.mark.parametrize(
    ("a", "b"),
    [("Diabetes", "Diabetes Care"), ("Journal of Digital Studies", "Workshop of Digital Studies")],
)
def test_different_journals_do_not_match(a: str, b: str) -> None:
    assert (
        field_keys.journal_match(field_keys.journal_tokens(a), field_keys.journal_tokens(b)) < 0.8
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("123-9", ("123", "129")),
        ("123-129", ("123", "129")),
        ("1360--70", ("1360", "1370")),
        ("e029702", ("e29702", "")),
        ("S334", ("s334", "")),
        ("21-Aug", ("21", "28")),
        ("Nov-19", ("11", "19")),
        ("", ("", "")),
    ],
)
def test_page_bounds(raw: str, expected: tuple[str, str]) -> None:
    assert field_keys.page_bounds(raw) == expected


@pytest.mark.parametrize(
    ("authors", "first"),
    [
        (["Smith J"], "smith"),
        (["Smith, John"], "smith"),
        (["J. Smith"], "smith"),
        (["John Smith"], "smith"),
        ("Smith J.Lee K.", "smith"),
        ("Adeli K.Lewis G. F.", "adeli"),
        (["Kröller-Schön, S."], "krollerschon"),
        (["Kroeller-Schoen S"], "krollerschon"),
    ],
)
def test_author_forms(authors: object, first: str) -> None:
    keys = field_keys.author_keys(authors)
    assert first in keys[0]


def test_run_together_authors_split() -> None:
    assert parse_authors("Adeli K.Lewis G. F.").names == ("Adeli, K.", "Lewis, G. F.")
    assert parse_authors(["Tan A.Schulze A.O'Donnell C. P."]).names == (
        "Tan, A.",
        "Schulze, A.",
        "O'Donnell, C. P.",
    )
    assert parse_authors("Abrahao, Bruno and Parigi, Paolo").names == (
        "Abrahao, Bruno",
        "Parigi, Paolo",
    )
    assert [k[0] for k in field_keys.author_keys("Tan A.Schulze A.O'Donnell C. P.")] == [
        "tan",
        "schulze",
        "odonnell",
    ]


def test_titles_fold_case_punctuation_html_and_language_notes() -> None:
    variants = [
        "Barriers to Integrating Primary Care &amp; Social Care: A Review",
        "BARRIERS TO INTEGRATING PRIMARY CARE & SOCIAL CARE - A REVIEW.",
        "[Barriers to integrating primary care & social care: a review]. [German]",
        "Barriers to integrating <i>primary</i> care &amp; social care: a review",
    ]
    assert len({field_keys.normalise_title(v) for v in variants}) == 1


def test_doi_percent_encoding_is_decoded() -> None:
    assert field_keys.doi_key("http://dx.doi.org/10.1016/S0025-7753%2817%2930624-3") == (
        "10.1016/s0025-7753(17)30624-3"
    )


# ---------------------------------------------------------------- duplicates found


def test_same_paper_in_four_databases_is_one_cluster() -> None:
    rows = [
        ARTICLE,
        _copy(
            source="embase",
            title=ARTICLE["title"].upper(),
            authors=["Smith J.Lee K.Patel R."],
            journal="Int J Integr Care",
            pages="123-9",
            abstract="",
        ),
        _copy(
            source="scopus",
            title=ARTICLE["title"] + ".",
            authors=["J. Smith", "K. Lee"],
            doi="10.5334/ijic.4567",
        ),
        _copy(
            source="cinahl",
            title=ARTICLE["title"].replace(" and ", " &amp; "),
            authors=["Smith, J", "Lee, K"],
            journal="International journal of integrated care",
            pages="",
        ),
    ]
    result = deduplicate(_table(rows), source_preference=["pubmed", "embase"])
    assert result.clusters["cluster_id"].nunique() == 1
    assert len(result.unique) == 1
    kept = result.unique.iloc[0]
    assert kept["source"] == "pubmed"  # preferred source kept
    assert kept["doi"] == "10.5334/ijic.4567"  # merged from the Scopus record
    assert "doi<-scopus:" in kept["dedup_filled"]
    assert set(result.clusters["rule"]) <= {"title", "fuzzy-title", "doi"}


def test_missing_doi_on_one_side_still_joins() -> None:
    rows = [dict(ARTICLE, doi="10.5334/ijic.4567"), _copy(doi="")]
    assert len(_clusters(rows)) == 1


def test_online_first_year_joins_when_journal_agrees() -> None:
    rows = [ARTICLE, _copy(year=2018, pages="1-17", volume="")]
    assert len(_clusters(rows)) == 1


# ---------------------------------------------------------------- traps kept apart


TRAPS = {
    "erratum": _copy(title="Erratum: " + ARTICLE["title"], pages="400"),
    "corrigendum": _copy(title="Corrigendum to " + ARTICLE["title"], pages=""),
    "retraction": _copy(title="Retraction notice: " + ARTICLE["title"], year=2021, pages=""),
    "reply": _copy(title="Reply to: " + ARTICLE["title"], pages=""),
    "protocol": _copy(
        title=ARTICLE["title"] + ": protocol for a qualitative study",
        year=2017,
        journal="BMJ Open",
        pages="e012345",
    ),
    "conference abstract": _copy(
        journal="International Journal of Integrated Care. Conference: ICIC18",
        year=2018,
        volume="18",
        pages="A45",
    ),
    "review update": _copy(year=2023, volume="23", pages="55-60"),
    # Authors veto only when nothing places the record in the same issue and pages.
    "other authors": _copy(authors=["Garcia, Ana", "Rossi, Marco"], pages="", issue=""),
    "same surname, other person": _copy(authors=["Smith, Mary", "Garcia, Ana"], pages="", issue=""),
    "misspelt erratum": _copy(title="Eratum - " + ARTICLE["title"], pages=""),
    "different DOI": _copy(doi="10.5334/ijic.9999"),
}


@pytest.mark.parametrize("trap", sorted(TRAPS))
def test_trap_stays_apart(trap: str) -> None:
    base = dict(ARTICLE, doi="10.5334/ijic.4567") if trap == "different DOI" else ARTICLE
    assert _clusters([base, TRAPS[trap]]) == []


@pytest.mark.parametrize(
    "authors",
    [
        ["Garcia, Ana", "Rossi, Marco"],  # a database's wrong or garbled author field
        ["J. Smith, K. Lee, R. Patel"],  # one field, split only by the parser
        ["SMITH, J, LEE, K"],
    ],
)
def test_same_title_year_and_pages_are_not_split_by_authors(authors: list[str]) -> None:
    rows = [ARTICLE, _copy(authors=authors, journal="Int. J. Integr. Care")]
    [cluster] = _clusters(rows)
    assert len(cluster) == 2


def test_same_title_in_the_same_issue_by_other_authors_stays_apart() -> None:
    # One copy has no pages: volume and issue place it, but authors read with confidence
    # that differ still say "another paper" (and must not chain the two papers together).
    other = _copy(source="scopus", authors=["Garcia, Ana", "Rossi, Marco"], pages="163-170")
    rows = [ARTICLE, _copy(pages=""), other]
    [pair] = _clusters(rows)
    assert sorted(r.split(":")[0] for r in pair) == ["embase", "pubmed"]


def test_generic_item_with_online_first_year_joins_on_volume_and_page() -> None:
    letter = dict(ARTICLE, title="Letter to the editor", authors=["Yoon, Samuel"], pages="2868")
    rows = [
        letter,
        dict(letter, source="scopus", year=2018),
        dict(letter, source="cinahl", pages="2871", authors=["Park, Ji"]),
    ]
    result = deduplicate(_table(rows))
    sizes = sorted(result.clusters["cluster_size"].tolist())
    assert sizes == [1, 2, 2]  # the letter on page 2871 is another letter


def test_veto_reason_names_the_field() -> None:
    result = deduplicate(_table([ARTICLE, TRAPS["other authors"]]))
    assert set(result.pairs["reason"]) == {"different first authors"}
    clusters = result.clusters.set_index("record_id")
    assert set(clusters["veto"]) == {"different first authors"}
    assert set(clusters["kept_apart_from"]) == set(clusters.index[::-1])


def test_conference_abstract_joins_full_paper_when_allowed() -> None:
    abstract = TRAPS["conference abstract"]
    assert _clusters([ARTICLE, abstract]) == []
    joined = _clusters([ARTICLE, abstract], merge_conference=True)
    assert len(joined) == 1


def test_conference_label_from_one_database_only_still_joins() -> None:
    # Same year, journal and pages: one database calls the journal issue a conference
    # supplement, the other does not; it is one record of one abstract.
    label = _copy(journal="International Journal of Integrated Care. Conference: ICIC19")
    assert len(_clusters([ARTICLE, label])) == 1


def test_part_one_and_part_two_stay_apart() -> None:
    one = dict(ARTICLE, title="Funding social care. Part 1: the problem", pages="1-8")
    two = dict(ARTICLE, title="Funding social care. Part 2: the problem", pages="9-16")
    roman = dict(ARTICLE, title="Funding social care. Part II: the problem", pages="")
    assert _clusters([one, two]) == []
    assert _clusters([dict(one, title="Funding social care. Part I: the problem"), roman]) == []


@pytest.mark.parametrize("title", ["Editorial", "Introduction", "Reply", "Book review"])
def test_generic_titles_stay_apart(title: str) -> None:
    a = dict(ARTICLE, title=title, authors=["Miller, D."], pages="1-2", abstract="")
    b = dict(ARTICLE, title=title, authors=["Miller, D."], pages="", issue="4", abstract="")
    c = dict(ARTICLE, title=title, authors=["Jones, E."], pages="301-302", abstract="")
    assert _clusters([a, b, c]) == []


def test_different_pmids_stay_apart() -> None:
    assert _clusters([dict(ARTICLE, pmid="111"), _copy(pmid="222")]) == []


def test_chain_through_a_doi_less_record_cannot_join_two_dois() -> None:
    # B (no DOI) looks like both A and C, which have different DOIs: one of the two joins
    # is refused, so A and C never share a cluster.
    a = dict(ARTICLE, doi="10.5334/ijic.1")
    b = _copy(doi="")
    c = _copy(source="scopus", doi="10.5334/ijic.2")
    groups = _clusters([a, b, c])
    assert all(len(g) <= 2 for g in groups)
    result = deduplicate(_table([a, b, c]))
    assert (result.uncertain["reason"].str.contains("refused|different DOIs")).any()


# ---------------------------------------------------------------- invariants


_WORDS = [
    "care",
    "older",
    "people",
    "integration",
    "social",
    "primary",
    "barriers",
    "funding",
    "trial",
    "review",
    "frail",
    "community",
    "services",
    "quality",
    "outcomes",
]


@st.composite
def record_sets(draw: Callable) -> list[dict]:
    papers = draw(st.integers(1, 6))
    rows = []
    for p in range(papers):
        title = " ".join(draw(st.lists(st.sampled_from(_WORDS), min_size=3, max_size=8)))
        doi = draw(st.sampled_from(["", f"10.1000/p{p}", f"10.1000/p{p % 2}"]))
        for _ in range(draw(st.integers(1, 3))):
            rows.append(
                {
                    "source": draw(st.sampled_from(["pubmed", "embase", "scopus"])),
                    "title": draw(st.sampled_from([title, title.upper(), title + "."])),
                    "authors": [draw(st.sampled_from(["Smith, J", "Smith J", "Lee, K"]))],
                    "year": draw(st.sampled_from([2019, 2020])),
                    "journal": draw(st.sampled_from(["BMJ Open", "BMJ open", "Age Ageing"])),
                    "doi": draw(st.sampled_from([doi, "", f"10.1000/x{p}"])),
                    "pages": draw(st.sampled_from(["", "1-9", "10-19"])),
                }
            )
    return rows


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(record_sets())
def test_invariants(rows: list[dict]) -> None:
    table = _table(rows)
    result = deduplicate(table)
    clusters = result.clusters
    # Every input record appears exactly once.
    assert sorted(clusters["record_id"]) == sorted(table["record_id"])
    # Exactly one kept record per cluster, and it is the unique table.
    kept = clusters[clusters["kept"]]
    assert kept["cluster_id"].is_unique
    assert set(kept["cluster_id"]) == set(clusters["cluster_id"])
    assert sorted(result.unique["record_id"]) == sorted(kept["record_id"])
    # No cluster holds two different DOIs.
    dois = dict(zip(table["record_id"], table["doi"], strict=True))
    for _, members in clusters.groupby("cluster_id")["record_id"]:
        assert len({dois[m] for m in members} - {""}) <= 1
    # Cluster ids are the smallest member id; a rerun on shuffled input is identical.
    for cid, members in clusters.groupby("cluster_id")["record_id"]:
        assert cid == min(members)
    again = deduplicate(table.sample(frac=1.0, random_state=3))
    pd.testing.assert_frame_equal(again.clusters, clusters)
    pd.testing.assert_frame_equal(again.unique, result.unique)


def test_workers_give_the_same_result(monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.dedup import keys, similarity

    table = records.read_records(_multi_parquet_path())
    one = deduplicate(table)
    monkeypatch.setattr(keys, "PARALLEL_MIN_RECORDS", 0)
    monkeypatch.setattr(similarity, "PARALLEL_MIN_PAIRS", 0)
    two = deduplicate(table, workers=2)
    pd.testing.assert_frame_equal(one.clusters, two.clusters)


def _multi_parquet_path() -> Path:
    from pipeline.ingest import read_file

    frame, quarantine = read_file(MULTI, keep_ids=True)
    assert quarantine.empty
    path = Path(__import__("tempfile").mkdtemp()) / "multi.parquet"
    records.write_records(frame, path)
    return path


# ---------------------------------------------------------------- CLI and decisions


def _run(*argv: str) -> int:
    return cli.main(["dedup", *argv])


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def test_cli_on_multi_source_csv(tmp_path: Path) -> None:
    out, clusters, uncertain = tmp_path / "u.parquet", tmp_path / "c.csv", tmp_path / "p.csv"
    code = _run(
        str(MULTI),
        "--keep-ids",
        "--out",
        str(out),
        "--clusters",
        str(clusters),
        "--uncertain",
        str(uncertain),
        "--source-preference",
        "pubmed,embase",
    )
    assert code == 0
    table = _read(clusters)
    assert list(table.columns) == list(CLUSTER_COLUMNS)
    assert list(_read(uncertain).columns) == list(UNCERTAIN_COLUMNS)
    assert table["record_id"].tolist() == sorted(_read(MULTI)["record_id"])
    groups = table.groupby("cluster_id")["record_id"].apply(set).to_dict()
    assert groups["cinahl:c1"] == {"pubmed:31434784", "embase:e1", "scopus:s1", "cinahl:c1"}
    assert groups["embase:e2"] == {"pubmed:30000001", "embase:e2"}
    assert sum(len(g) == 1 for g in groups.values()) == 6  # erratum, protocol, parts, editorials
    kept = table[table["kept"] == "True"]
    assert set(kept["record_id"]) >= {"pubmed:31434784", "pubmed:30000001"}
    unique = records.read_records(out)
    assert unique["record_id"].tolist() == sorted(unique["record_id"])
    assert len(unique) == 8
    first = unique.set_index("record_id").loc["pubmed:31434784"]
    assert first["dedup_size"] == 4 and first["dedup_kept"]
    # PRISMA counts duplicates as kept == False.
    assert (table["kept"] == "False").sum() == 4


def test_cli_keeps_the_files_ids_and_row_sources_by_default(tmp_path: Path) -> None:
    clusters = tmp_path / "c.csv"
    assert _run(str(MULTI), "--out", str(tmp_path / "u.parquet"), "--clusters", str(clusters)) == 0
    table = _read(clusters)
    given = _read(MULTI)
    assert table["record_id"].tolist() == sorted(given["record_id"])
    # The per-row source column is each record's database, not the file's name.
    assert dict(zip(table["record_id"], table["source"], strict=True)) == dict(
        zip(given["record_id"], given["source"], strict=True)
    )


def test_cli_new_ids_gives_pipeline_ids(tmp_path: Path) -> None:
    clusters = tmp_path / "c.csv"
    args = ["--out", str(tmp_path / "u.parquet"), "--clusters", str(clusters), "--new-ids"]
    assert _run(str(MULTI), *args) == 0
    ids = _read(clusters)["record_id"]
    # PubMed records are "pubmed:PMID" either way; the others get hashed ids.
    assert not set(ids) & {"embase:e1", "scopus:s1", "cinahl:c1"}
    assert ids.str.fullmatch(r"(?:pubmed:\d+|[a-z]+:[0-9a-f]{12}(?:-\d+)?)").all()
    assert set(ids.str.split(":").str[0]) == set(_read(MULTI)["source"])


def test_cli_without_ids_in_the_file_gives_pipeline_ids(tmp_path: Path) -> None:
    src = tmp_path / "export.csv"
    _read(MULTI).drop(columns=["record_id"]).to_csv(src, index=False)
    clusters = tmp_path / "c.csv"
    assert _run(str(src), "--out", str(tmp_path / "u.parquet"), "--clusters", str(clusters)) == 0
    assert len(_read(clusters)) == len(_read(MULTI))


def test_cli_rerun_writes_identical_files(tmp_path: Path) -> None:
    outputs = []
    for run in ("a", "b"):
        args = [
            "--out",
            str(tmp_path / f"{run}.parquet"),
            "--clusters",
            str(tmp_path / f"{run}.csv"),
            "--uncertain",
            str(tmp_path / f"{run}_u.csv"),
        ]
        assert _run(str(MULTI), "--keep-ids", *args) == 0
        outputs.append([(tmp_path / f"{run}{s}").read_bytes() for s in (".csv", "_u.csv")])
        outputs[-1].append(records.read_records(tmp_path / f"{run}.parquet"))
    assert outputs[0][:2] == outputs[1][:2]
    pd.testing.assert_frame_equal(outputs[0][2], outputs[1][2])


def test_pair_decisions_persist_across_runs(tmp_path: Path) -> None:
    pairs = tmp_path / "decisions" / "dedup_pairs.csv"
    out, clusters = tmp_path / "u.parquet", tmp_path / "c.csv"
    common = [
        str(MULTI),
        "--keep-ids",
        "--out",
        str(out),
        "--clusters",
        str(clusters),
        "--pairs",
        str(pairs),
    ]
    assert _run(*common) == 0  # no decisions file yet: fine
    before = _read(clusters).set_index("record_id")["cluster_id"]
    assert before["embase:e2"] == before["pubmed:30000001"]
    assert before["scopus:s3"] != before["scopus:s4"]
    review.append_pair_decisions(
        pairs,
        [
            {"record_id_a": "embase:e2", "record_id_b": "pubmed:30000001", "decision": "different"},
            {"record_id_a": "scopus:s3", "record_id_b": "scopus:s4", "decision": "same"},
        ],
    )
    for _ in range(2):  # every run reads the file again
        assert _run(*common) == 0
        after = _read(clusters).set_index("record_id")
        assert after.at["embase:e2", "cluster_id"] != after.at["pubmed:30000001", "cluster_id"]
        assert after.at["scopus:s3", "cluster_id"] == after.at["scopus:s4", "cluster_id"]
        assert after.at["scopus:s4", "rule"] == "person"
    # A later line changes the person's mind.
    review.append_pair_decisions(
        pairs, [{"record_id_a": "pubmed:30000001", "record_id_b": "embase:e2", "decision": "same"}]
    )
    assert _run(*common) == 0
    last = _read(clusters).set_index("record_id")["cluster_id"]
    assert last["embase:e2"] == last["pubmed:30000001"]


def test_review_file_is_added_to_pairs(tmp_path: Path) -> None:
    pairs, edited = tmp_path / "pairs.csv", tmp_path / "reviewed.csv"
    with edited.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(UNCERTAIN_COLUMNS))
        writer.writeheader()
        writer.writerow(
            {"record_id_a": "scopus:s3", "record_id_b": "scopus:s4", "decision": "same"}
        )
        writer.writerow({"record_id_a": "embase:e3", "record_id_b": "embase:e2", "decision": ""})
    args = [
        str(MULTI),
        "--keep-ids",
        "--out",
        str(tmp_path / "u.parquet"),
        "--clusters",
        str(tmp_path / "c.csv"),
        "--pairs",
        str(pairs),
        "--review",
        str(edited),
    ]
    assert _run(*args) == 0
    assert review.read_pair_decisions(pairs) == {("scopus:s3", "scopus:s4"): "same"}
    table = _read(tmp_path / "c.csv").set_index("record_id")["cluster_id"]
    assert table["scopus:s3"] == table["scopus:s4"]


def test_interactive_prompt_records_answers() -> None:
    result = deduplicate(_table([dict(ARTICLE, doi="10.5334/ijic.1"), _copy(doi="10.5334/ijic.2")]))
    assert len(result.uncertain) == 1
    answers = iter(["maybe", "d"])
    shown: list[str] = []
    got = review.prompt_decisions(result.uncertain, ask=lambda _: next(answers), show=shown.append)
    assert [g["decision"] for g in got] == ["different"]
    assert any("please answer" in line for line in shown)


def test_bad_pairs_file_is_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    pairs = tmp_path / "pairs.csv"
    pairs.write_text("record_id_a,record_id_b,decision\na,b,perhaps\n")
    with pytest.raises(DataError, match="line 2"):
        review.read_pair_decisions(pairs)
    code = _run(
        str(MULTI),
        "--keep-ids",
        "--out",
        str(tmp_path / "u.parquet"),
        "--clusters",
        str(tmp_path / "c.csv"),
        "--pairs",
        str(pairs),
    )
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1 and len(err) == 1 and "perhaps" in err[0]


@pytest.mark.parametrize(
    ("argv", "code"),
    [
        (["missing.csv", "--out", "u.parquet", "--clusters", "c.csv"], 1),
        ([str(MULTI), "--block-shard", "3/2", "--pairs-out", "x.parquet"], 2),
        ([str(MULTI), "--out", "u.parquet"], 2),
        ([str(MULTI), "--out", "u.parquet", "--clusters", "c.csv", "--review", "r.csv"], 2),
    ],
)
def test_usage_errors(argv: list[str], code: int, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert _run(*argv) == code


def test_shards_combined_equal_one_run(tmp_path: Path) -> None:
    table = records.read_records(_multi_parquet_path())
    whole = deduplicate(table)
    parts = pd.concat([score_shard(table, shard=(k, 3)) for k in range(3)], ignore_index=True)
    combined = deduplicate(table, scored=parts)
    pd.testing.assert_frame_equal(whole.clusters, combined.clusters)
    # The same through the CLI.
    src = _multi_parquet_path()
    shards = []
    for k in (1, 2):
        shard = tmp_path / f"shard{k}.parquet"
        assert _run(str(src), "--block-shard", f"{k}/2", "--pairs-out", str(shard)) == 0
        shards.append(str(shard))
    assert (
        _run(
            str(src),
            "--combine",
            *shards,
            "--out",
            str(tmp_path / "u.parquet"),
            "--clusters",
            str(tmp_path / "c.csv"),
        )
        == 0
    )
    assert _read(tmp_path / "c.csv")["cluster_id"].tolist() == whole.clusters["cluster_id"].tolist()


def test_empty_and_single_record_inputs(make_records: Callable) -> None:
    one = deduplicate(make_records(1))
    assert len(one.unique) == 1 and one.clusters["kept"].all()
    none = deduplicate(make_records(0))
    assert none.unique.empty and none.clusters.empty


# ---------------------------------------------------------------- reference set


def test_asysd_labelled_set(bench_dir: Path) -> None:
    """End to end on the ASySD set, scored as its README says (truth: ``source``)."""
    from pipeline.ingest import read_file

    path = bench_dir / "dedup" / "asysd_labelled.csv"
    table, _ = read_file(path, keep_ids=True)
    truth = _truth(path)
    result = deduplicate(table)
    tp = fp = 0
    for _, members in result.clusters.groupby("cluster_id")["record_id"]:
        labels = [truth[m] for m in members]
        uniques = labels.count("unique")
        fp += max(uniques - 1, 0)
        tp += len(labels) - uniques if uniques else len(labels) - 1
    sensitivity, precision = tp / 1261, tp / (tp + fp)
    assert sensitivity >= 0.998, sensitivity
    assert precision >= 0.998, precision
    assert abs(result.clusters["cluster_id"].nunique() - 584) <= 3


def _truth(path: Path) -> dict[str, str]:
    frame = pd.read_csv(path, encoding="cp1252", dtype=str, keep_default_na=False)
    return dict(zip(frame["record_id"], frame["source"], strict=True))
