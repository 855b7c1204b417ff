"""ProQuest RIS: the database searched is read from ``DB`` (ASSIA), values come out clean,
and the example review's ASSIA export is read whole."""

from __future__ import annotations

from pathlib import Path

from pipeline.formats.ris import detect_flavour
from pipeline.ingest import read_file, read_file_result

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "data" / "ingest" / "proquest_assia.ris"
EXAMPLE_EXPORT = ROOT / "queries" / "exports" / "assia_proquest.ris"


def test_assia_is_detected_from_the_db_tag() -> None:
    result = read_file_result(FIXTURE)
    assert (result.format, result.database) == ("ris-proquest", "assia")
    assert len(result.records) == 2 and result.quarantine.empty


def test_other_proquest_databases_stay_proquest(formats_dir: Path) -> None:
    # ASReview's ProQuest sample comes from PTSDpubs: no ASSIA marker, so the platform.
    text = (formats_dir / "asreview" / "proquest.ris").read_text(encoding="utf-8")
    assert detect_flavour(text) == ("ris-proquest", "proquest")


def test_proquest_values() -> None:
    frame, _ = read_file(FIXTURE)
    by_title = {row["title"][:20]: row for _, row in frame.iterrows()}
    first = by_title["Integrated health an"]
    assert first["doi"] == "10.1016/j.healthpol.2015.04.010"  # from the dx.doi.org URL
    assert (first["pages"], first["volume"], first["issue"]) == ("856-859", "119", "7")
    assert (first["year"], first["journal"]) == (2015, "Health Policy")
    assert list(first["authors"]) == ["Humphries, Richard"]
    second = by_title["Service user and car"]
    assert second["doi"] == ""  # ProQuest gave none; nothing is made up
    assert list(second["authors"]) == ["Cameron, Ailsa", "Bostock, Lisa", "Lart, Rachel"]
    assert second["record_id"].startswith("assia:")


def test_example_assia_export_is_read_whole() -> None:
    result = read_file_result(EXAMPLE_EXPORT)
    markers = EXAMPLE_EXPORT.read_text(encoding="utf-8").count("\nER  -")
    assert result.database == "assia"
    assert len(result.records) == markers and result.quarantine.empty
    assert result.records["doi"].str.startswith("10.").sum() >= len(result.records) // 2
