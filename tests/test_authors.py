"""The author-list parser on real export fields and on every convention it must tell apart."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

from pipeline.authors import SURE, format_name, parse_authors, split_authors

FORMATS = Path(__file__).resolve().parents[1].parent / "shared" / "benchmarks" / "formats"

# (field as exported, where it comes from, names expected)
CASES = [
    # Real fields from ../shared/benchmarks/formats/ (one per database or tool).
    (
        "Roach, MC; Thompson, FR; Jones-Farrand, T",
        "WoS AU (litsearchr)",
        ["Roach, M. C.", "Thompson, F. R.", "Jones-Farrand, T."],
    ),
    (
        "Roach, Melissa C.; Thompson, Frank R., III; Jones-Farrand, Todd",
        "WoS AF (litsearchr)",
        ["Roach, Melissa C.", "Thompson, Frank R., III", "Jones-Farrand, Todd"],
    ),
    (
        "Little A.R., Mike Conner L., Chamberlain M.J.",
        "Scopus CSV (litsearchr)",
        ["Little, A. R.", "Mike Conner, L.", "Chamberlain, M. J."],
    ),
    ("Liu R., Adler D.G.", "Embase CSV (asreview)", ["Liu, R.", "Adler, D. G."]),
    (
        "Rotter, Carina; Whittaker, Danielle; Rusbridge, Clare",
        "Zotero CSV (asysd)",
        ["Rotter, Carina", "Whittaker, Danielle", "Rusbridge, Clare"],
    ),
    ("Herrtage, E.; Houlton, J. E.", "Zotero CSV (asysd)", ["Herrtage, E.", "Houlton, J. E."]),
    ("Pittman, F. S. 3rd", "Zotero CSV (asysd)", ["Pittman, F. S., 3rd"]),
    ("Adeli K.Lewis G. F.", "EndNote via R (asysd labelled)", ["Adeli, K.", "Lewis, G. F."]),
    ("['Marx, Karl', 'Lindgren, Astrid']", "ASReview CSV list", ["Marx, Karl", "Lindgren, Astrid"]),
    (
        "Larsen, LJ and Roush, JK and McLaughlin, RM",
        "BibTeX (asysd zotero_export.bib)",
        ["Larsen, L. J.", "Roush, J. K.", "McLaughlin, R. M."],
    ),
    (
        "Omulo Sylvia and Thumbi Samuel M. and Njenga M. Kariuki",
        "bib-dedupe case",
        ["Omulo, Sylvia", "Thumbi, Samuel M.", "Njenga, M. Kariuki"],
    ),
    (
        "Bellia E., Campobello D., Sar\u0300 M.",
        "Scopus CSV, combining accent",
        ["Bellia, E.", "Campobello, D.", "Sar\u0300, M."],
    ),
    # Each convention, written here.
    (
        "M. J. Cherry, R. J. Warren, L. Mike Conner",
        "given names first, commas",
        ["Cherry, M. J.", "Warren, R. J.", "Conner, L. Mike"],
    ),
    (
        "Cherry, M. J., Warren, R.J., Mike Conner, L.",
        "commas inside and between names",
        ["Cherry, M. J.", "Warren, R. J.", "Mike Conner, L."],
    ),
    (
        "G. A. Polton, V. Mowat, H. C. Lee, K. A. McKee and T. J. Scase",
        "'and' before the last",
        ["Polton, G. A.", "Mowat, V.", "Lee, H. C.", "McKee, K. A.", "Scase, T. J."],
    ),
    ("Knowler, SP; Gillstedt, L", "semicolons", ["Knowler, S. P.", "Gillstedt, L."]),
    ("Polton G.A., Mowat V.", "surname first, dotted initials", ["Polton, G. A.", "Mowat, V."]),
    ("Van Zyl M; Hyman WB", "capitalised particle", ["Van Zyl, M.", "Hyman, W. B."]),
    (
        "J.-P. van der Berg, M. de la Cruz",
        "particles, given first",
        ["van der Berg, J. P.", "de la Cruz, M."],
    ),
    (
        "van der Berg, Jean-Paul; de la Cruz, Maria",
        "particles, surname first",
        ["van der Berg, Jean-Paul", "de la Cruz, Maria"],
    ),
    ("Smith J. & Jones K.", "ampersand", ["Smith, J.", "Jones, K."]),
    ("Smith J, Jones K, et al.", "truncated", ["Smith, J.", "Jones, K."]),
    ("SMITH, JANE", "all capitals, full given name", ["Smith, Jane"]),
    ("SMITH, JA; O'BRIEN, K", "all capitals, initials", ["Smith, J. A.", "O'Brien, K."]),
    ("CHERRY, MJ, WARREN, RJ", "all capitals, commas only", ["Cherry, M. J.", "Warren, R. J."]),
    (
        "Kroeller-Schoen, Sabine; Mueller, Anna-Lena",
        "hyphenated names",
        ["Kroeller-Schoen, Sabine", "Mueller, Anna-Lena"],
    ),
    (
        "J. M. Varner III, J. S. Kush",
        "suffix after the surname",
        ["Varner, J. M., III", "Kush, J. S."],
    ),
    ("King ML Jr, Abernathy RD", "MEDLINE suffix", ["King, M. L., Jr", "Abernathy, R. D."]),
    (
        "Arévalo JR, Smith SR",
        "MEDLINE initials that spell a suffix",
        ["Arévalo, J. R.", "Smith, S. R."],
    ),
    ("Smith, John, Jr.; Doe, K", "suffix after the given names", ["Smith, John, Jr.", "Doe, K."]),
    ("Smith, Jane, Doe, John", "surname/given pairs, commas only", ["Smith, Jane", "Doe, John"]),
    ("[No author name available]", "Scopus placeholder", []),
]


@pytest.mark.parametrize(("field", "origin", "names"), CASES, ids=[c[1] for c in CASES])
def test_author_field(field: str, origin: str, names: list[str]) -> None:
    parsed = parse_authors(field)
    assert list(parsed.names) == names
    assert parsed.sure


def test_et_al_is_marked() -> None:
    assert parse_authors("Smith J, Jones K, et al.").truncated
    assert not parse_authors("Smith J, Jones K").truncated


@pytest.mark.parametrize(
    "field",
    [
        "Smith, Jane, Doe",  # odd number of pieces, one a lone surname
        "Jane Smith, John Doe",  # two given-first names or two surname/given pairs
        "World Health Organization Regional Office for Europe",  # a group, or a list?
    ],
)
def test_unsure_fields_say_so_and_stay_whole(field: str) -> None:
    parsed = parse_authors(field)
    assert parsed.confidence < SURE
    assert split_authors(field) == [field]


def test_a_list_holds_one_name_per_item() -> None:
    parsed = parse_authors(["Smith, John", "Lee K", "et al."])
    assert parsed.names == ("Smith, John", "Lee K") and parsed.truncated and parsed.sure


@pytest.mark.parametrize(
    ("name", "formatted"),
    [
        ("SMITH, JANE", "Smith, Jane"),
        ("Luke, TJ", "Luke, T. J."),
        ("Liu R.", "Liu, R."),
        ("Jane Q Public", "Public, Jane Q."),
        ("MCKEE, KA", "Mckee, K. A."),
    ],
)
def test_format_name(name: str, formatted: str) -> None:
    assert format_name(name) == formatted


def _table(path: Path, sep: str = ",") -> pd.DataFrame:
    text = path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    return pd.read_csv(
        io.StringIO(text),
        sep=sep,
        dtype=str,
        keep_default_na=False,
        quoting=3 if sep == "\t" else 0,
    )


@pytest.fixture(scope="module")
def formats_dir() -> Path:
    if not FORMATS.is_dir():
        pytest.skip("shared benchmark formats not available")
    return FORMATS


def test_scopus_csv_gives_one_name_per_author_id(formats_dir: Path) -> None:
    # Scopus lists one author id per author: the split must give as many names.
    table = _table(formats_dir / "litsearchr" / "scopus.csv")
    wrong = [
        a
        for a, ids in zip(table["Authors"], table["Author Ids"], strict=True)
        if ids
        and not a.startswith("[No author")
        and len(parse_authors(a).names) != len([i for i in ids.split(";") if i.strip()])
    ]
    assert wrong == []


def test_wos_short_and_full_names_agree(formats_dir: Path) -> None:
    table = _table(formats_dir / "litsearchr" / "wos_core_collection.txt", sep="\t")
    for short, full in zip(table["AU"], table["AF"], strict=True):
        a, b = parse_authors(short), parse_authors(full)
        assert a.sure and b.sure
        assert [n.split(",")[0] for n in a.names] == [n.split(",")[0] for n in b.names]


def test_zotero_csv_names_match_the_semicolons(formats_dir: Path) -> None:
    table = _table(formats_dir / "asysd" / "zotero_export.csv")
    for field in table["Author"]:
        if field:
            assert len(parse_authors(field).names) == field.count(";") + 1, field
