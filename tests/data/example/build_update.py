"""Write the example review's update: the papers its later searches find, and their sources.

The example review (``papers.csv``) is searched again after the first version: PubMed from the
first search's date (``mindate`` = that date, Entrez date, the way an update searches) and
Embase through Ovid with the same strategy limited to records entered since. The update's
searches return six papers the first version did not have and eight records of papers it had
(found again: the same PubMed records, the same Embase record, and Embase records of papers
that the first version found only in other databases, one of them without its DOI).

Every paper is a real publication; its bibliographic facts were recorded only where known
with confidence (DOIs left empty otherwise). Written for the example: the abstracts (our own
summaries, not the published text), which papers the update's searches return, the Entrez
dates in the PubMed source (these papers were published before the first search; the example
treats them as added to PubMed after it), placeholder PMIDs (99000200 + n) and the screening
decisions.

Run from the repository root::

    python tests/data/example/build_update.py

writes ``update_papers.csv``, ``update_screening_plan.csv``, ``update_pubmed_source.xml``
(served by ``tests/eutils_server.py`` to record the update's PubMed search) and
``update/queries/exports/embase_ovid.ris``, and checks the export's sidecar ``hits``.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import build_exports as bx  # noqa: E402
import build_papers as bp  # noqa: E402

ROOT = HERE.parents[2]
UPDATE = ROOT / "update"
EXPORT = UPDATE / "queries" / "exports" / "embase_ovid.ris"
#: Placeholder PMIDs of the update's papers start here (the first version uses 99000001-145).
PLACEHOLDER_BASE = 99_000_200
#: Entrez dates (written for the example) of the update's PubMed records, after the first
#: search (2026-11-23).
ENTREZ = ("2026", "11", "27")

UPDATE_PAPERS: list[dict[str, str]] = []


def U(*fields):  # noqa: N802 - reads like a table row
    """One new paper of the update: ``build_papers.P``'s fields without ``pmid`` (ids U001...,
    placeholder PMIDs)."""
    n = len(UPDATE_PAPERS) + 1
    bp.PAPERS.clear()
    bp.P(*fields[:9], str(PLACEHOLDER_BASE + n), *fields[9:])
    paper = bp.PAPERS.pop()
    paper["paper_id"] = f"U{n:03d}"
    UPDATE_PAPERS.append(paper)


U(
    "Mitchell, C.; Tazzyman, A.; Howard, S. J.; Hodgson, D.",
    "More that unites us than divides us? A qualitative study of integration of community "
    "health and social care services",
    "BMC Family Practice",
    "BMC Fam Pract",
    2020,
    "21",
    "",
    "96",
    "",
    "pe",
    "i",
    "i",
    "",
    "integrated care; community health services; social care; qualitative research",
    "Interviews with community health and social care staff on what helps and hinders "
    "integrating their services.",
    """Background: Community health services and adult social care in England are asked to
  work as one for people with long-term needs, many of them older. Methods: Qualitative
  study with semi-structured interviews with staff of community health and social care
  services in one area of England, analysed thematically. Results: Staff valued shared
  goals and the relationships built by working side by side; they described separate
  organisational structures, different professional cultures, information systems that do
  not connect and uncertainty over roles as obstacles to integrated working. Conclusions:
  Integration depends on the people who deliver care as much as on structures, and the
  barriers they face need attention at organisational and national level.""",
)
U(
    "Morciano, M.; Checkland, K.; Billings, J.; Coleman, A.; Stokes, J.; Tallack, C.; Sutton, M.",
    "New integrated care models in England associated with small reduction in hospital "
    "admissions in longer-term: a difference-in-differences analysis",
    "Health Policy",
    "Health Policy",
    2020,
    "124",
    "8",
    "826-833",
    "",
    "pe",
    "x",
    "",
    "",
    "integrated care; vanguards; hospital admissions; difference-in-differences",
    "Quantitative evaluation of hospital use; does not study barriers to integration.",
    """Objectives: To estimate the effect of the new care models introduced in England (the
  vanguard programme) on emergency hospital admissions. Methods: Difference-in-differences
  analysis comparing areas with and without the new care models over several years.
  Results: Admissions fell slightly more in the longer term in areas with the new models
  than in comparison areas. Conclusions: The effects of integrated care models on hospital
  use take time to appear and are small.""",
)
U(
    "Stokes, J.; Lau, Y. S.; Kristensen, S. R.; Sutton, M.",
    "Does pooling health & social care budgets reduce hospital use and lower costs?",
    "Social Science & Medicine",
    "Soc Sci Med",
    2019,
    "232",
    "",
    "382-388",
    "",
    "p",
    "x",
    "",
    "",
    "pooled budgets; integrated care; hospital use; costs",
    "Quantitative evaluation of pooled budgets and hospital use; not about barriers.",
    """Background: Pooling health and social care budgets is promoted in England as a way to
  integrate services and reduce hospital use. Methods: Analysis of local areas' pooled
  budget arrangements and hospital use over time. Results: Pooled budgets were not
  associated with clear reductions in hospital use or costs. Conclusions: Pooling money
  alone does not deliver the expected effects of integration.""",
)
U(
    "Spiers, G.; Matthews, F. E.; Moffatt, S.; Barker, R. O.; Jarvis, H.; Stow, D.; "
    "Kingston, A.; Hanratty, B.",
    "Impact of social care supply on healthcare utilisation by older adults: a systematic "
    "review and meta-analysis",
    "Age and Ageing",
    "Age Ageing",
    2019,
    "48",
    "1",
    "57-66",
    "",
    "pe",
    "x",
    "",
    "",
    "social care; older people; health services use; systematic review",
    "Systematic review of service use; not primary research on integration barriers.",
    """Background: Whether more social care reduces older people's use of health care is
  debated. Methods: Systematic review and meta-analysis of studies relating the supply of
  social care to health care use by older adults. Results: The studies differed in design
  and measures; some linked more social care to less hospital use, others found no
  association. Conclusions: The evidence on how social care supply affects health care
  use is mixed and of limited quality.""",
)
U(
    "Bussu, S.; Marshall, M.",
    "(Dis)integrated care? Lessons from East London",
    "International Journal of Integrated Care",
    "Int J Integr Care",
    2020,
    "20",
    "4",
    "2",
    "",
    "e",
    "i",
    "x",
    "not primary research",
    "integrated care; evaluation; East London; organisational learning",
    "Reflective account of an integration programme; excluded at full text as not primary "
    "research.",
    """Introduction: An integrated care programme in East London brought together general
  practice, community health and social care. Description: The authors reflect on their
  experience of evaluating the programme alongside those delivering it. Discussion: Shared
  ambitions were undermined by separate funding streams, performance targets and
  governance, and by short timescales for change. Conclusion: Integration needs time,
  stable relationships and room to learn from what does not work.""",
)
U(
    "Erens, B.; Wistow, G.; Mounier-Jack, S.; Douglas, N.; Jones, L.; Manacorda, T.; Mays, N.",
    "Early findings from the evaluation of the integrated care and support pioneers in England",
    "Journal of Integrated Care",
    "J Integr Care",
    2017,
    "25",
    "3",
    "137-149",
    "",
    "pe",
    "i",
    "i",
    "",
    "integrated care; pioneers; health and social care; evaluation",
    "Qualitative evaluation of the integration pioneers: interviews with local leaders on "
    "barriers.",
    """Purpose: To report early findings of the national evaluation of the integrated care and
  support pioneers, local areas in England chosen to lead health and social care
  integration. Design: Qualitative study with interviews with local leaders and staff and
  analysis of documents. Findings: Pioneers set out broad ambitions; progress was slowed by
  financial pressures, organisational and professional boundaries, information governance
  and national policies that pulled in different directions. Value: Integration at scale
  meets the same barriers as smaller schemes, and national support did not remove them.""",
)

#: Papers of the first version that the update's PubMed search returns again.
PUBMED_AGAIN = ("P001", "P020", "P021", "P036")
#: Papers of the first version in the update's Embase export: P020 as before; P001 and P002
#: (found only in other databases the first time), P002 without its DOI.
EMBASE_AGAIN = ("P020", "P001", "P002")
EMBASE_NO_DOI = ("P002",)


def _entrez(article: str) -> str:
    year, month, day = ENTREZ
    history = (
        "    <History>\n"
        '      <PubMedPubDate PubStatus="entrez">'
        f"<Year>{year}</Year><Month>{int(month)}</Month><Day>{int(day)}</Day>"
        "</PubMedPubDate>\n"
        "    </History>\n"
    )
    return article.replace("  <PubmedData>\n", "  <PubmedData>\n" + history, 1)


def pubmed_source(previous: dict[str, dict[str, str]]) -> str:
    papers = [p for p in UPDATE_PAPERS if bx.in_db(p, "pubmed")]
    papers += [previous[pid] for pid in PUBMED_AGAIN]
    head = bx.pubmed_xml([])
    body = "".join(_entrez(bx.pubmed_article(p)) for p in papers)
    return head.replace("</PubmedArticleSet>\n", body + "</PubmedArticleSet>\n")


def embase_export(previous: dict[str, dict[str, str]]) -> tuple[bytes, int]:
    papers = [p for p in UPDATE_PAPERS if bx.in_db(p, "embase")]
    for pid in EMBASE_AGAIN:
        paper = dict(previous[pid])
        if pid in EMBASE_NO_DOI:
            paper["doi"] = ""
        papers.append(paper)
    lines: list[str] = []
    for paper in papers:
        lines += bx.embase_record(paper) + [""]
    return "\r\n".join(lines).encode("utf-8"), len(papers)


def plan_rows() -> list[dict[str, str]]:
    """The update's screening plan: both screeners agree on every new paper."""
    rows = []
    for p in UPDATE_PAPERS:
        row = {c: "" for c in bp.PLAN_COLUMNS}
        ta, ft, reason = p["ta_decision"], p["ft_decision"], p["ft_reason"]
        row.update(
            paper_id=p["paper_id"],
            first_author=p["authors"].split(",")[0],
            year=p["year"],
            doi=p["doi"],
            title=p["title"],
            note=p["notes"],
            ta_reviewer_a=ta,
            ta_reviewer_b=ta,
        )
        if ta == "include":
            row.update(
                ft_reviewer_a=ft,
                ft_reason_a=reason,
                ft_reviewer_b=ft,
                ft_reason_b=reason,
                ft_reason=reason,
            )
        rows.append(row)
    return rows


def write_csv(path: Path, rows: list[dict[str, str]], columns) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main() -> int:
    previous = {p["paper_id"]: p for p in bx.load_papers()}
    write_csv(HERE / "update_papers.csv", UPDATE_PAPERS, bp.COLUMNS)
    write_csv(HERE / "update_screening_plan.csv", plan_rows(), bp.PLAN_COLUMNS)
    (HERE / "update_pubmed_source.xml").write_text(pubmed_source(previous), encoding="utf-8")
    data, n = embase_export(previous)
    EXPORT.parent.mkdir(parents=True, exist_ok=True)
    EXPORT.write_bytes(data)
    import yaml

    sidecar = EXPORT.with_name(EXPORT.name + ".yaml")
    hits = yaml.safe_load(sidecar.read_text(encoding="utf-8")).get("hits")
    if hits != n:
        print(f"{sidecar}: hits {hits} but {n} records written", file=sys.stderr)
        return 1
    print(f"{len(UPDATE_PAPERS)} new papers; embase export {n} records")
    return 0


if __name__ == "__main__":
    sys.exit(main())
