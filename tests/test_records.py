from __future__ import annotations

import pandas as pd
import pytest

from pipeline import records
from pipeline.errors import DataError


def test_ids_are_stable_and_unique(make_records):
    a = make_records(4)
    b = make_records(4)
    assert list(a["record_id"]) == list(b["record_id"])
    assert a["record_id"].is_unique


def test_exact_repeats_get_suffixes(make_records):
    table = make_records(3, title="Same", year=2020, authors=["X, Y"], source_index=0)
    ids = list(table["record_id"])
    assert ids[1] == ids[0] + "-2" and ids[2] == ids[0] + "-3"


def test_pubmed_ids_use_pmid():
    table = records.assign_record_ids(
        records.from_dicts([{"source": "pubmed", "pmid": "31434784"}])
    )
    assert table.loc[0, "record_id"] == "pubmed:31434784"


def test_parquet_round_trip_keeps_lists_and_types(tmp_path, make_records):
    table = make_records(3, keywords=["care", "integration"])
    table["dedup_kept"] = [True, False, True]
    path = records.write_records(table, tmp_path / "r.parquet")
    back = records.read_records(path)
    assert back["keywords"][0] == ["care", "integration"]
    assert isinstance(back["authors"][1], list)
    assert back["year"].dtype == "Int64"
    assert list(back["dedup_kept"]) == [True, False, True]
    pd.testing.assert_frame_equal(back, records.normalise(table))


def test_csv_round_trip(tmp_path, make_records):
    table = make_records(2)
    back = records.read_records(records.write_records(table, tmp_path / "r.csv"))
    assert back["authors"][0] == ["Author0, A."]
    assert list(back["year"]) == [2015, 2016]


def test_duplicate_ids_rejected(make_records):
    table = make_records(2)
    table["record_id"] = ["a", "a"]
    with pytest.raises(DataError, match="more than once"):
        records.validate(table)


def test_doi_normalisation():
    assert (
        records.normalise_doi("http://dx.doi.org/10.1093/INTQHC/mzu071") == "10.1093/intqhc/mzu071"
    )
    assert records.normalise_doi("") == ""
    assert records.normalise_doi(None) == ""


def test_year_from_any_date_text():
    table = records.from_dicts([{"year": "2019 Aug 20"}, {"year": "n.d."}, {"year": 2014.0}])
    assert list(table["year"].astype(object)) == [2019, pd.NA, 2014]
