"""The PRISMA flow diagram: drawing, byte stability, the `slr prisma` verb and the HTML page."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from pipeline import records
from pipeline.cli import main
from pipeline.prisma import inputs, template
from pipeline.prisma.counts import Counts
from pipeline.prisma.draw import PAD_X, build_boxes, layout, text_width

DATA = Path(__file__).resolve().parent / "data" / "prisma"
SMALL = DATA / "small"
REALISTIC = DATA / "realistic"
SVG_NS = "{http://www.w3.org/2000/svg}"


def svg_lines(path: Path) -> list[str]:
    """Every text element of an SVG, in document order."""
    root = ET.parse(path).getroot()
    return ["".join(el.itertext()) for el in root.iter(f"{SVG_NS}text")]


def run(*argv: str) -> int:
    return main(["prisma", *map(str, argv)])


def full_args(tmp_path: Path) -> list[str]:
    return [
        "--workdir",
        REALISTIC,
        "--other-methods",
        DATA / "other_methods.yaml",
        "--previous",
        DATA / "previous.yaml",
    ]


def test_svg_contains_every_box_text_and_number(tmp_path: Path) -> None:
    out = tmp_path / "prisma.svg"
    assert run(*full_args(tmp_path), "--out", out, "--no-extras") == 0
    lines = svg_lines(out)
    expected = [
        "Identification of new studies via databases and registers",
        "Identification of new studies via other methods",
        "Previous studies",
        "Identification",
        "Screening",
        "Included",
        "Records identified from*:",
        "Databases (n = 260)",
        "PubMed (n = 85)",
        "Embase (n = 70)",
        "CINAHL (n = 55)",
        "Scopus (n = 50)",
        "Registers (n = 0)",
        "Records removed before screening:",
        "Duplicate records removed (n = 118)",
        "Records marked as ineligible by",
        "automation tools (n = 0)",
        "Records removed for other reasons",
        "(n = 2)",
        "Records screened",
        "(n = 140)",
        "Records excluded**",
        "(n = 100)",
        "Reports sought for retrieval",
        "(n = 40)",
        "Reports not retrieved",
        "(n = 3)",
        "Reports assessed for eligibility",
        "(n = 37)",
        "Reports excluded:",
        "Not primary research (n = 2)",
        "Conference abstract only (n = 1)",
        "New studies included in review",
        "(n = 28)",  # 27 via databases + 1 via other methods
        "Reports of new included studies",
        "(n = 30)",
        "Total studies included in review",
        "(n = 38)",
        "Reports of total included studies",
        "(n = 42)",
        "Records identified from:",
        "Websites (n = 4)",
        "Organisations (n = 1)",
        "Citation searching (n = 7)",
        "(n = 5)",
        "Wrong setting (n = 2)",
        "Not an evaluation (n = 1)",
    ]
    missing = [e for e in expected if e not in lines]
    assert not missing, missing
    # Wrapped reasons keep their words and their number.
    joined = " ".join(lines)
    assert "Not about integration of primary and social care (n = 3)" in joined
    assert "Wrong population (not older or frail people) (n = 2)" in joined


def test_rerun_is_byte_identical(tmp_path: Path) -> None:
    outs = {}
    for name in ("a", "b"):
        folder = tmp_path / name
        args = ["--out", folder / "prisma.svg", "--all-formats", "--dpi", "100"]
        assert run(*full_args(tmp_path), *args) == 0
        outs[name] = folder
    for file in ("prisma.svg", "prisma.pdf", "prisma.png", "prisma_counts.csv", "prisma.html"):
        assert (outs["a"] / file).read_bytes() == (outs["b"] / file).read_bytes(), file


def test_figure_from_counts_csv_alone_equals_the_pipeline_figure(tmp_path: Path) -> None:
    assert run(*full_args(tmp_path), "--out", tmp_path / "pipe.svg") == 0
    counts_csv = tmp_path / "prisma_counts.csv"
    assert counts_csv.is_file()
    assert (
        run(
            "--counts", counts_csv, "--out", tmp_path / "alone.svg", "--out", tmp_path / "alone.png"
        )
        == 0
    )
    assert (tmp_path / "alone.svg").read_bytes() == (tmp_path / "pipe.svg").read_bytes()
    assert (tmp_path / "alone.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_prisma2020_tool_template_draws(tmp_path: Path) -> None:
    out = tmp_path / "tool.svg"
    counts_out = tmp_path / "again.csv"
    assert (
        run("--counts", DATA / "prisma2020_template.csv", "--out", out, "--counts-out", counts_out)
        == 0
    )
    lines = svg_lines(out)
    for text in (
        "MEDLINE (n = 150)",
        "ClinicalTrials.gov (n = 10)",
        "Wrong outcome (n = 5)",
        "(n = 34)",
    ):
        assert text in lines
    assert template.read(counts_out) == template.read(DATA / "prisma2020_template.csv")


def test_inconsistent_state_exits_1_with_one_line_and_draws_nothing(tmp_path: Path, capsys) -> None:
    work = tmp_path / "work"
    shutil.copytree(SMALL, work)
    screening = work / "screen" / "screening.csv"
    screening.write_text(screening.read_text().replace("ctgov:nct0001,exclude,,,\n", ""))
    out = tmp_path / "prisma.svg"
    assert run("--workdir", work, "--out", out) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "Traceback" not in err
    assert err.startswith("slr prisma: error: ") and "ctgov:nct0001" in err
    assert not out.exists()


def test_bad_counts_csv_names_the_boxes(tmp_path: Path, capsys) -> None:
    path = tmp_path / "c.csv"
    text = (DATA / "prisma2020_template.csv").read_text()
    path.write_text(
        text.replace(
            "Records screened,Records screened (databases and registers),records_screened.html,180",
            "Records screened,Records screened (databases and registers),records_screened.html,181",
        )
    )
    assert run("--counts", path, "--out", tmp_path / "x.svg") == 1
    err = capsys.readouterr().err
    assert "= 180, but Records screened (n = 181)" in err


def test_unfinished_screening_draws_awaiting_boxes_when_allowed(tmp_path: Path, capsys) -> None:
    work = tmp_path / "work"
    shutil.copytree(SMALL, work)
    screening = work / "screen" / "screening.csv"
    screening.write_text(screening.read_text().replace("embase:e003,exclude,,,", "embase:e003,,,,"))
    assert run("--workdir", work, "--out", tmp_path / "p.svg", "--no-extras") == 1
    assert "--allow-incomplete" in capsys.readouterr().err
    assert run("--workdir", work, "--out", tmp_path / "p.svg", "--allow-incomplete") == 0
    lines = svg_lines(tmp_path / "p.svg")
    assert "Records awaiting screening" in lines and "(n = 1)" in lines
    counts_csv = (tmp_path / "prisma_counts.csv").read_text()
    assert "records_awaiting," in counts_csv
    assert template.read(tmp_path / "prisma_counts.csv").records_awaiting == 1


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--out", "x.jpg"], "use a .svg, .pdf or .png"),
        (["--counts", "c.csv", "--previous", "p.yaml"], "--counts already holds every number"),
        (["--dpi", "5"], "--dpi 5"),
    ],
)
def test_usage_errors_exit_2(argv: list[str], message: str, capsys, tmp_path: Path) -> None:
    assert run("--workdir", SMALL, *argv) == 2
    assert message in capsys.readouterr().err


def test_missing_workdir_file_is_named(tmp_path: Path, capsys) -> None:
    assert run("--workdir", tmp_path, "--out", tmp_path / "p.svg") == 1
    assert "ingest/ingest_report.csv: no such file" in capsys.readouterr().err


# --- layout ------------------------------------------------------------------------------------


def _overlap(a, b) -> bool:
    return a.x < b.right and b.x < a.right and a.y < b.bottom and b.y < a.bottom


def test_boxes_fit_their_text_and_never_overlap() -> None:
    result = inputs.compute_workdir(
        inputs.read_workdir(REALISTIC),
        other=inputs.read_other_methods(DATA / "other_methods.yaml"),
        previous=inputs.read_previous(DATA / "previous.yaml"),
    )
    diagram = layout(result.counts)
    boxes = list(diagram.boxes.values())
    for box in boxes:
        widest = max(text_width(ln.text) + ln.indent for ln in box.lines)
        assert widest + 2 * PAD_X <= box.w + 1e-6, box.key
        assert box.h >= len(box.lines) * 9
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not _overlap(a, b), (a.key, b.key)
    # every arrow ends on the edge of a box
    for pts in diagram.arrows:
        x, y = pts[-1]
        assert any(
            (abs(y - b.y) < 1e-6 and b.x <= x <= b.right)
            or (abs(x - b.x) < 1e-6 or abs(x - b.right) < 1e-6)
            and b.y <= y <= b.bottom
            for b in boxes
        ), pts


def test_labels_that_do_not_fit_wrap_with_the_number_kept_whole() -> None:
    reason = "Outcomes not reported separately for people living with frailty in the community"
    boxes = build_boxes(Counts(reports_excluded=((reason, 12),)))
    lines = [ln.text for ln in boxes["reports_excluded"].lines]
    assert len(lines) > 2
    assert " ".join(lines[1:]) == f"{reason} (n = 12)"
    assert any(line.endswith("(n = 12)") for line in lines)


# --- HTML ---------------------------------------------------------------------------------------


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.links: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        attrs = dict(attrs)
        if tag == "details":
            self.ids.append(attrs.get("id", ""))
        if tag == "a":
            self.links.append(attrs.get("xlink:href") or attrs.get("href") or "")

    def handle_data(self, data) -> None:
        self.text.append(data)


def test_html_boxes_link_to_their_records(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    assert run("--workdir", REALISTIC, "--out", tmp_path / "p.svg", "--html", page) == 0
    html = page.read_text()
    parsed = _Collector()
    parsed.feed(html)
    for key in (
        "identified",
        "removed",
        "records_screened",
        "records_excluded",
        "reports_excluded",
        "included",
    ):
        assert f"box-{key}" in parsed.ids
        assert f"#box-{key}" in parsed.links
    text = " ".join(parsed.text)
    screening = (REALISTIC / "screen" / "screening.csv").read_text().splitlines()
    excluded_id = next(line.split(",")[0] for line in screening if ",exclude,,," in line)
    assert excluded_id in text
    assert "Conference abstract only (n = 1)" in text
    assert "_blank" not in html  # box links stay on the page
    # self-contained: nothing is loaded from elsewhere
    assert "src=" not in html and "<link" not in html and 'href="http' not in html


def test_html_escapes_titles(tmp_path: Path, make_records) -> None:
    work = tmp_path / "work"
    shutil.copytree(SMALL, work)
    ids = ["ctgov:nct0001", "ctgov:nct0002", "embase:e003"] + [
        f"pubmed:100{i}" for i in range(1, 7)
    ]
    titles = ['Care <script>alert("x")</script> & "coordination"'] + ["Plain title"] * 8
    records.write_records(
        make_records(9, record_id=ids, title=titles), work / "dedup" / "unique.parquet"
    )
    page = tmp_path / "p.html"
    assert run("--workdir", work, "--out", tmp_path / "p.svg", "--html", page) == 0
    html = page.read_text()
    assert "<script>alert" not in html
    assert (
        "Care &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;coordination&quot;"
        in html
    )


def test_empty_review_draws_every_box_with_zero(tmp_path: Path) -> None:
    from pipeline.plots import save_figure
    from pipeline.prisma.draw import draw

    out = save_figure(draw(Counts()), tmp_path / "empty.svg")
    lines = svg_lines(out)
    assert lines.count("(n = 0)") >= 6
    assert "Databases (n = 0)" in lines and "Registers (n = 0)" in lines
    diagram = layout(Counts())
    for label, _x, _y, _w, h in diagram.bands:
        assert h >= text_width(label, weight="bold"), label


def test_search_log_disagreement_is_a_warning_not_an_error(tmp_path: Path, caplog) -> None:
    work = tmp_path / "work"
    shutil.copytree(SMALL, work)
    log = work / "search" / "search_log.csv"
    log.write_text(log.read_text().replace(",6,6\n", ",7,7\n"))
    page = tmp_path / "p.html"
    assert run("--workdir", work, "--out", tmp_path / "p.svg", "--html", page) == 0
    message = "search log: PubMed retrieved 7 record(s) but ingest read 6"
    assert message in caplog.text
    assert message in page.read_text()
    assert "PubMed (n = 6)" in svg_lines(tmp_path / "p.svg")


def test_html_from_counts_alone_says_there_are_no_record_lists(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    csv = DATA / "prisma2020_template.csv"
    assert run("--counts", csv, "--out", tmp_path / "p.svg", "--html", page) == 0
    text = page.read_text()
    assert "Drawn from a counts file: no record lists are available." in text
    assert 'id="box-records_screened"' in text and "Records screened (n = 180)" in text
