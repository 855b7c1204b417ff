"""Generate the example review's database exports from the master list ``papers.csv``.

Writes, deterministically (same input, same bytes):

* ``tests/data/example/pubmed_source.xml`` - the PubMed portion as efetch XML (replayed by a
  fake E-utilities server to record the example's PubMed search);
* ``queries/exports/embase_ovid.ris``  - Ovid Embase RIS (CRLF line ends);
* ``queries/exports/cinahl_ebsco.ris`` - EBSCOhost CINAHL RIS (UTF-8 with BOM);
* ``queries/exports/scopus.csv``       - Scopus CSV export (UTF-8 with BOM, all fields quoted);
* ``queries/exports/wos.txt``          - Web of Science plain-text export;
* ``queries/exports/assia_proquest.ris`` - ASSIA via ProQuest, RIS export.

Each database writes the same paper in its own way (author and page styles, title case,
journal names, DOI present or not), which is what makes cross-database duplicates realistic.
A few records that are *not* duplicates of any master paper are added as traps (see TRAPS).

What is real and what is not: titles, authors, journals, years, volumes, issues, pages and
DOIs come from ``papers.csv`` (real publications). Everything a database adds - accession
numbers (Embase ID, CINAHL AN, Scopus EID, WoS UT, ProQuest document ids except the one
the seed review cites), subject headings, copyright lines - and the trap records are written
for the example. PMIDs are real where ``papers.csv`` records one;
other PubMed records get a placeholder PMID of the form 9900xxxx (outside the range PubMed
has assigned), so that the PubMed portion is complete without inventing real-looking ids.

Run from the repository root::

    python tests/data/example/build_exports.py
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import sys
import textwrap
import unicodedata
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
EXPORTS = ROOT / "queries" / "exports"

#: Placeholder PMIDs start here (PubMed has assigned fewer than 42 million ids).
PLACEHOLDER_PMID_BASE = 99_000_000

# --------------------------------------------------------------------------------------
# Reference tables (data, not logic)
# --------------------------------------------------------------------------------------

#: ISSN (print or electronic) of the journals, where known.
ISSN = {
    "BMJ Open": "2044-6055",
    "British Journal of General Practice": "0960-1643",
    "International Journal of Integrated Care": "1568-4156",
    "Health Policy": "0168-8510",
    "International Journal for Quality in Health Care": "1353-4505",
    "BMC Health Services Research": "1472-6963",
    "PLoS One": "1932-6203",
    "Health & Social Care in the Community": "0966-0410",
    "Journal of Health Services Research & Policy": "1355-8196",
    "Age and Ageing": "0002-0729",
    "BMJ": "0959-8138",
    "The Lancet": "0140-6736",
    "Social Science & Medicine": "0277-9536",
    "The Milbank Quarterly": "0887-378X",
    "Annals of Family Medicine": "1544-1709",
    "Cochrane Database of Systematic Reviews": "1469-493X",
    "Implementation Science": "1748-5908",
    "BMC Public Health": "1471-2458",
    "Health Affairs": "0278-2715",
    "Journal of General Internal Medicine": "0884-8734",
    "BMC Family Practice": "1471-2296",
    "Systematic Reviews": "2046-4053",
    "Journal of Affective Disorders": "0165-0327",
    "Pediatrics": "0031-4005",
    "Health Services and Delivery Research": "2050-4349",
    "Annals of Internal Medicine": "0003-4819",
    "Academic Medicine": "1040-2446",
    "Journal of Medical Internet Research": "1438-8871",
    "Journal of Interprofessional Care": "1356-1820",
    "International Journal of Nursing Studies": "0020-7489",
    "Qualitative Health Research": "1049-7323",
    "American Journal of Preventive Medicine": "0749-3797",
    "Palliative Medicine": "0269-2163",
    "Journal of Epidemiology and Community Health": "0143-005X",
    "Value in Health": "1098-3015",
    "Medical Care": "0025-7079",
    "Journal of Integrated Care": "1476-9018",
    "Public Money & Management": "0954-0962",
}

#: NLM catalogue titles as PubMed prints them (others: sentence case of the journal name).
NLM_TITLE = {
    "BMJ Open": "BMJ open",
    "British Journal of General Practice": "The British journal of general practice : the journal of the Royal College of General Practitioners",
    "Health Policy": "Health policy (Amsterdam, Netherlands)",
    "International Journal for Quality in Health Care": "International journal for quality in health care : journal of the International Society for Quality in Health Care",
    "International Journal of Integrated Care": "International journal of integrated care",
    "PLoS One": "PloS one",
    "BMJ": "BMJ (Clinical research ed.)",
    "The Lancet": "Lancet (London, England)",
    "Social Science & Medicine": "Social science & medicine (1982)",
    "Health Affairs": "Health affairs (Project Hope)",
    "Cochrane Database of Systematic Reviews": "The Cochrane database of systematic reviews",
    "Journal of Public Health": "Journal of public health (Oxford, England)",
}

#: Month of issue, where known (PubDate/Y1); otherwise the year alone is written.
MONTH = {"P001": 8, "P002": 10, "P003": 7}

#: Subject headings per keyword fragment: (MeSH descriptor, MeSH UI, Emtree term, CINAHL heading).
HEADINGS = [
    (
        "integrated care",
        (
            "Delivery of Health Care, Integrated",
            "D003696",
            "integrated health care system",
            "Integrated Health Care Systems",
        ),
    ),
    (
        "integration",
        (
            "Delivery of Health Care, Integrated",
            "D003696",
            "integrated health care system",
            "Integrated Health Care Systems",
        ),
    ),
    (
        "primary care",
        ("Primary Health Care", "D011320", "primary health care", "Primary Health Care"),
    ),
    ("general practice", ("Primary Health Care", "D011320", "general practice", "Family Practice")),
    (
        "general practitioner",
        ("Primary Health Care", "D011320", "general practitioner", "Physicians, Family"),
    ),
    ("social work", ("Social Work", "D012955", "social work", "Social Work Service")),
    ("social care", ("Social Work", "D012955", "social care", "Social Work Service")),
    ("social services", ("Social Work", "D012955", "social care", "Social Work Service")),
    (
        "qualitative",
        ("Qualitative Research", "D036301", "qualitative research", "Qualitative Studies"),
    ),
    ("interview", ("Interviews as Topic", "D007407", "interview", "Interviews")),
    ("dementia", ("Dementia", "D003704", "dementia", "Dementia")),
    ("chronic", ("Chronic Disease", "D002908", "chronic disease", "Chronic Disease")),
    ("depression", ("Depression", "D003863", "depression", "Depression")),
    ("collaborat", ("Cooperative Behavior", "D003299", "cooperation", "Collaboration")),
    (
        "interprofessional",
        (
            "Interprofessional Relations",
            "D007398",
            "interpersonal communication",
            "Interprofessional Relations",
        ),
    ),
    (
        "joint working",
        (
            "Interprofessional Relations",
            "D007398",
            "interpersonal communication",
            "Interprofessional Relations",
        ),
    ),
    (
        "team",
        ("Patient Care Team", "D010348", "health care personnel", "Multidisciplinary Care Team"),
    ),
    ("policy", ("Health Policy", "D006291", "health care policy", "Health Policy")),
    ("England", ("England", "D004739", "United Kingdom", "Great Britain")),
    ("Netherlands", ("Netherlands", "D009426", "Netherlands", "Netherlands")),
    ("Canada", ("Canada", "D002170", "Canada", "Canada")),
    ("Ontario", ("Canada", "D002170", "Canada", "Ontario")),
    ("Scotland", ("Scotland", "D012595", "United Kingdom", "Scotland")),
    ("United States", ("United States", "D014481", "United States", "United States")),
    ("Australia", ("Australia", "D001315", "Australia", "Australia")),
    ("hospital", ("Hospitalization", "D006760", "hospitalization", "Hospitalization")),
    ("discharge", ("Patient Discharge", "D010351", "hospital discharge", "Patient Discharge")),
    ("child", ("Child", "D002648", "child", "Child")),
]
OLDER = re.compile(r"\b(older|elderly|frail\w*|ageing|aged|geriatric\w*|care homes?)\b")

#: Publication types by title or keyword cue: (PubMed type, Scopus type, WoS DT, CINAHL type).
REVIEW_CUES = ("review", "synthesis", "meta-analysis", "scoping", "realist review")
EDITORIAL_CUES = ("editorial", "commentary", "practice pointer", "clinical review")

#: Traps: records that look like a master paper but are different publications, written for
#: the example (fields: source databases, kind, related paper, fields that differ).
TRAPS = [
    {
        "trap_id": "T1",
        "kind": "erratum",
        "paper": "P022",
        "databases": ("embase", "scopus"),
        "title_prefix": "Correction: ",
        "year_offset": 0,
        "abstract": (
            "This notice corrects an error in the author affiliations and in one table of the "
            "published systematic review of integrated care for older people with frailty. "
            "The findings and conclusions of the review are unchanged."
        ),
        "doctype": "Erratum",
    },
    {
        "trap_id": "T2",
        "kind": "conference abstract",
        "paper": "P002",
        "databases": ("embase",),
        "title_prefix": "",
        "year_offset": -1,
        "journal": "Society for Academic Primary Care Annual Scientific Meeting",
        "abstract": (
            "Background: Older adults with multimorbidity often need both primary care and "
            "social services. Aim: To report early findings from interviews with professionals, "
            "commissioners, patients and carers about joining up these services. Findings: "
            "Emerging themes concerned leadership, roles that bridge the two systems, "
            "co-location, tensions between professions and difficulties sharing records. "
            "Analysis of the full set of interviews is ongoing."
        ),
        "doctype": "Conference Abstract",
    },
    {
        "trap_id": "T3",
        "kind": "article in press (same paper as the final version: a true duplicate)",
        "paper": "P020",
        "databases": ("scopus",),
        "title_prefix": "",
        "year_offset": -2,
        "doctype": "Article",
        "in_press": True,
    },
]


# --------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------


def load_papers(path: Path = HERE / "papers.csv") -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def number(paper: dict[str, str]) -> int:
    return int(paper["paper_id"].lstrip("PT"))


def digits(key: str, n: int) -> str:
    """``n`` deterministic digits from ``key`` (synthetic accession numbers)."""
    value = int(hashlib.sha256(key.encode("utf-8")).hexdigest(), 16)
    return str(value)[-n:].rjust(n, "0")


def pick(key: str, mod: int) -> int:
    return int(hashlib.sha256(key.encode("utf-8")).hexdigest()[:8], 16) % mod


def authors_of(paper: dict[str, str]) -> list[tuple[str, str]]:
    out = []
    for name in paper["authors"].split(";"):
        name = name.strip()
        if not name:
            continue
        last, _, first = name.partition(",")
        out.append((last.strip(), first.strip()))
    return out


def initials(first: str) -> str:
    parts = re.split(r"[\s.\-]+", first)
    return "".join(p[0].upper() for p in parts if p)


def ascii_fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def pmid_of(paper: dict[str, str]) -> str:
    return paper["pmid"] or str(PLACEHOLDER_PMID_BASE + number(paper))


def page_range(pages: str) -> tuple[str, str]:
    if "-" in pages:
        start, end = pages.split("-", 1)
        return start, end
    return pages, ""


def short_pages(pages: str) -> str:
    """``856-859`` -> ``856-9`` (MEDLINE and Ovid style); e-locators unchanged."""
    start, end = page_range(pages)
    if not end or not start.isdigit() or not end.isdigit() or len(start) != len(end):
        return pages
    i = 0
    while i < len(start) and start[i] == end[i]:
        i += 1
    return f"{start}-{end[i:]}"


def is_article_number(pages: str) -> bool:
    return bool(pages) and "-" not in pages


def title_case(title: str) -> str:
    small = {
        "a",
        "an",
        "and",
        "as",
        "at",
        "by",
        "for",
        "from",
        "in",
        "into",
        "of",
        "on",
        "or",
        "the",
        "to",
        "with",
        "vs",
        "versus",
        "between",
    }
    words = title.split(" ")
    out = []
    for i, word in enumerate(words):
        if word.isupper() and len(word) > 1 or any(c.isupper() for c in word[1:]):
            out.append(word)
        elif i and word.lower() in small and not out[-1].endswith(":"):
            out.append(word.lower())
        else:
            out.append("-".join(w[:1].upper() + w[1:] for w in word.split("-")))
    return " ".join(out)


def dash(title: str, style: str) -> str:
    return title.replace("--", style)


def headings(paper: dict[str, str]) -> list[tuple[str, str, str, str]]:
    text = (paper["keywords"] + " " + paper["title"]).lower()
    seen: dict[str, tuple[str, str, str, str]] = {}
    for cue, heading in HEADINGS:
        if cue.lower() in text and heading[0] not in seen:
            seen[heading[0]] = heading
    return list(seen.values())


def is_older(paper: dict[str, str]) -> bool:
    text = (paper["keywords"] + " " + paper["title"] + " " + paper["abstract"]).lower()
    return bool(OLDER.search(text))


def kind(paper: dict[str, str]) -> str:
    text = (paper["keywords"] + " " + paper["title"]).lower()
    if any(cue in paper["keywords"].lower() for cue in EDITORIAL_CUES):
        return "editorial"
    if "trial" in text:
        return "trial"
    if any(cue in text for cue in REVIEW_CUES):
        return "review"
    return "article"


def sentence_case_journal(journal: str) -> str:
    return NLM_TITLE.get(journal, journal[:1] + journal[1:].lower())


def month_of(paper: dict[str, str]) -> int | None:
    return MONTH.get(paper["paper_id"])


MONTH_ABBR = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

LABELS = (
    "Background",
    "Objectives",
    "Objective",
    "Aims",
    "Aim",
    "Purpose",
    "Introduction",
    "Context",
    "Design",
    "Design and setting",
    "Method",
    "Methods",
    "Methods and design",
    "Setting",
    "Participants",
    "Intervention",
    "Results",
    "Findings",
    "Conclusions",
    "Conclusion",
    "Data sources",
    "Study selection",
    "Study selection and extraction",
    "Data synthesis",
    "Selection criteria",
    "Search and selection",
    "Main results",
    "Authors' conclusions",
    "Interpretation",
    "Limitations",
    "Research design",
    "Theory and methods",
    "Evidence acquisition",
    "Evidence synthesis",
    "Data sources and selection",
    "Policy Points",
    "Originality",
    "Discussion",
)
_LABEL_RE = re.compile(
    r"(?:^|(?<=[.]\s))("
    + "|".join(re.escape(x) for x in sorted(LABELS, key=len, reverse=True))
    + r"):\s"
)


def sections(abstract: str) -> list[tuple[str, str]]:
    """Split a structured abstract into (label, text); unstructured -> [("", text)]."""
    marks = list(_LABEL_RE.finditer(abstract))
    if len(marks) < 2 or marks[0].start() != 0:
        return [("", abstract)]
    out = []
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(abstract)
        out.append((m.group(1), abstract[m.end() : end].strip()))
    return out


NLM_CATEGORY = {
    "background": "BACKGROUND",
    "introduction": "BACKGROUND",
    "context": "BACKGROUND",
    "objective": "OBJECTIVE",
    "objectives": "OBJECTIVE",
    "aim": "OBJECTIVE",
    "aims": "OBJECTIVE",
    "purpose": "OBJECTIVE",
    "policy points": "BACKGROUND",
    "results": "RESULTS",
    "findings": "RESULTS",
    "main results": "RESULTS",
    "conclusions": "CONCLUSIONS",
    "conclusion": "CONCLUSIONS",
    "interpretation": "CONCLUSIONS",
    "authors' conclusions": "CONCLUSIONS",
    "discussion": "CONCLUSIONS",
    "limitations": "CONCLUSIONS",
}


def in_db(paper: dict[str, str], db: str) -> bool:
    return db in paper["databases"].split(";")


# --------------------------------------------------------------------------------------
# PubMed efetch XML
# --------------------------------------------------------------------------------------


def pubmed_xml(papers: list[dict[str, str]]) -> str:
    out = io.StringIO()
    out.write('<?xml version="1.0" ?>\n')
    out.write(
        '<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" '
        '"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n'
    )
    out.write("<PubmedArticleSet>\n")
    for paper in papers:
        if not in_db(paper, "pubmed"):
            continue
        out.write(pubmed_article(paper))
    out.write("</PubmedArticleSet>\n")
    return out.getvalue()


def pubmed_article(p: dict[str, str]) -> str:
    e = escape
    pmid = pmid_of(p)
    title = dash(p["title"], "--")
    if not title.endswith((".", "?", "!")):
        title += "."
    lines = [
        "<PubmedArticle>",
        '  <MedlineCitation Status="MEDLINE" Owner="NLM" IndexingMethod="Automated">',
        f'    <PMID Version="1">{pmid}</PMID>',
        '    <Article PubModel="Print-Electronic">',
        "      <Journal>",
    ]
    if p["journal"] in ISSN:
        lines.append(f'        <ISSN IssnType="Electronic">{ISSN[p["journal"]]}</ISSN>')
    lines.append('        <JournalIssue CitedMedium="Internet">')
    if p["volume"]:
        lines.append(f"          <Volume>{e(p['volume'])}</Volume>")
    if p["issue"]:
        lines.append(f"          <Issue>{e(p['issue'])}</Issue>")
    lines.append("          <PubDate>")
    lines.append(f"            <Year>{p['year']}</Year>")
    if month_of(p):
        lines.append(f"            <Month>{MONTH_ABBR[month_of(p) - 1]}</Month>")
    lines += [
        "          </PubDate>",
        "        </JournalIssue>",
        f"        <Title>{e(sentence_case_journal(p['journal']))}</Title>",
        f"        <ISOAbbreviation>{e(p['journal_abbrev'])}</ISOAbbreviation>",
        "      </Journal>",
        f"      <ArticleTitle>{e(title)}</ArticleTitle>",
    ]
    if p["pages"]:
        lines.append("      <Pagination>")
        start, end = page_range(p["pages"])
        lines.append(f"        <StartPage>{e(start)}</StartPage>")
        if end:
            lines.append(f"        <EndPage>{e(end)}</EndPage>")
        lines.append(f"        <MedlinePgn>{e(short_pages(p['pages']))}</MedlinePgn>")
        lines.append("      </Pagination>")
    if p["doi"]:
        lines.append(f'      <ELocationID EIdType="doi" ValidYN="Y">{e(p["doi"])}</ELocationID>')
    lines.append("      <Abstract>")
    for label, text in sections(p["abstract"]):
        if label:
            category = NLM_CATEGORY.get(label.lower(), "METHODS")
            lines.append(
                f'        <AbstractText Label="{e(label.upper())}" NlmCategory="{category}">'
                f"{e(text)}</AbstractText>"
            )
        else:
            lines.append(f"        <AbstractText>{e(text)}</AbstractText>")
    lines.append("      </Abstract>")
    lines.append('      <AuthorList CompleteYN="Y">')
    for last, first in authors_of(p):
        lines += [
            '        <Author ValidYN="Y">',
            f"          <LastName>{e(last)}</LastName>",
            f"          <ForeName>{e(first.replace('.', '').strip())}</ForeName>",
            f"          <Initials>{initials(first)}</Initials>",
            "        </Author>",
        ]
    lines.append("      </AuthorList>")
    lines.append("      <Language>eng</Language>")
    lines.append("      <PublicationTypeList>")
    types = [("D016428", "Journal Article")]
    k = kind(p)
    if k == "review":
        types.append(("D016454", "Review"))
        if "systematic review" in (p["title"] + p["keywords"]).lower():
            types.append(("D000078182", "Systematic Review"))
    elif k == "editorial":
        types = [("D016421", "Editorial")]
    elif k == "trial":
        types.append(("D016449", "Randomized Controlled Trial"))
    for ui, name in types:
        lines.append(f'        <PublicationType UI="{ui}">{name}</PublicationType>')
    lines.append("      </PublicationTypeList>")
    lines.append("    </Article>")
    lines.append("    <MedlineJournalInfo>")
    lines.append(f"      <MedlineTA>{e(p['journal_abbrev'])}</MedlineTA>")
    if p["journal"] in ISSN:
        lines.append(f"      <ISSNLinking>{ISSN[p['journal']]}</ISSNLinking>")
    lines.append("    </MedlineJournalInfo>")
    lines.append("    <CitationSubset>IM</CitationSubset>")
    mesh = [("Humans", "D006801", False)]
    if is_older(p):
        mesh += [("Aged", "D000368", False), ("Aged, 80 and over", "D000369", False)]
    for i, (name, ui, _, _) in enumerate(headings(p)):
        mesh.append((name, ui, i == 0))
    lines.append("    <MeshHeadingList>")
    for name, ui, major in sorted(mesh):
        lines += [
            "      <MeshHeading>",
            f'        <DescriptorName UI="{ui}" MajorTopicYN="{"Y" if major else "N"}">'
            f"{e(name)}</DescriptorName>",
            "      </MeshHeading>",
        ]
    lines.append("    </MeshHeadingList>")
    keywords = [k.strip() for k in p["keywords"].split(";") if k.strip()]
    if keywords:
        lines.append('    <KeywordList Owner="NOTNLM">')
        for kw in keywords:
            lines.append(f'      <Keyword MajorTopicYN="N">{e(kw)}</Keyword>')
        lines.append("    </KeywordList>")
    lines += [
        "  </MedlineCitation>",
        "  <PubmedData>",
        "    <PublicationStatus>ppublish</PublicationStatus>",
        "    <ArticleIdList>",
        f'      <ArticleId IdType="pubmed">{pmid}</ArticleId>',
    ]
    if p["doi"]:
        lines.append(f'      <ArticleId IdType="doi">{e(p["doi"])}</ArticleId>')
    lines += ["    </ArticleIdList>", "  </PubmedData>", "</PubmedArticle>", ""]
    return "\n".join(lines)


# --------------------------------------------------------------------------------------
# Ovid Embase RIS
# --------------------------------------------------------------------------------------


def ris(lines: list[tuple[str, str]]) -> list[str]:
    return [f"{tag}  - {value}".rstrip() if value else f"{tag}  -" for tag, value in lines]


def embase_record(p: dict[str, str], trap: dict | None = None) -> list[str]:
    key = p["paper_id"] + (trap["trap_id"] if trap else "")
    title = dash(p["title"], " - ")
    year = int(p["year"]) + (trap.get("year_offset", 0) if trap else 0)
    if trap:
        title = trap.get("title_prefix", "") + title
    doctype = (
        trap["doctype"]
        if trap
        else {"review": "Review", "editorial": "Editorial"}.get(kind(p), "Article")
    )
    rec: list[tuple[str, str]] = [
        ("TY", "JOUR"),
        ("DB", "Embase"),
        ("ID", "2" + digits("embase" + key, 9)),
        ("T1", title),
    ]
    for last, first in authors_of(p):
        rec.append(("A1", f"{last} {'.'.join(initials(first))}."))
    rec.append(("Y1", f"{year}//"))
    abstract = trap["abstract"] if trap and trap.get("abstract") else p["abstract"]
    if not (trap and trap["kind"] == "erratum"):
        rec.append(("N2", abstract))
    terms = ["human"]
    if is_older(p):
        terms += ["aged", "*frail elderly" if "frail" in p["title"].lower() else "elderly care"]
    for i, (_, _, emtree, _) in enumerate(headings(p)):
        terms.append(("*" if i == 0 else "") + emtree)
    terms.append({"Review": "review", "Editorial": "editorial"}.get(doctype, "article"))
    for term in dict.fromkeys(terms):
        rec.append(("KW", term))
    journal = trap.get("journal", p["journal"]) if trap else p["journal"]
    rec.append(("JF", journal))
    if not (trap and trap.get("journal")):
        rec.append(("JA", p["journal_abbrev"].replace(".", "")))
        if p["volume"]:
            rec.append(("VL", p["volume"]))
        if p["issue"]:
            rec.append(("IS", p["issue"]))
        if p["pages"] and not trap:
            rec.append(("SP", short_pages(p["pages"])))
        if p["journal"] in ISSN:
            rec.append(("SN", ISSN[p["journal"]]))
    rec.append(("M3", doctype))
    rec.append(("LA", "English"))
    an = dict(rec)["ID"]
    rec.append(
        ("UR", "http://ovidsp.ovid.com/ovidweb.cgi?T=JS&PAGE=reference&D=emexb&NEWS=N&AN=" + an)
    )
    if p["doi"] and not trap:
        rec.append(("DO", "https://dx.doi.org/" + p["doi"]))
    rec.append(("ER", ""))
    return ris(rec)


# --------------------------------------------------------------------------------------
# EBSCOhost CINAHL RIS
# --------------------------------------------------------------------------------------


def cinahl_record(p: dict[str, str]) -> list[str]:
    key = p["paper_id"]
    an = "1" + digits("cinahl" + key, 8)
    title = dash(p["title"], " -- ")
    if p["journal"] == "International Journal of Integrated Care":
        title = title_case(title)  # the journal's own title case, kept by CINAHL
    rec: list[tuple[str, str]] = [("TY", "JOUR"), ("ID", an)]
    for last, first in authors_of(p):
        rec.append(("AU", f"{last}, {first.replace('.', '').strip()}"))
    rec.append(("T1", title))
    rec.append(("JO", p["journal"]))
    rec.append(("JF", p["journal"]))
    month = month_of(p)
    rec.append(("PY", p["year"]))
    rec.append(("Y1", f"{p['year']}/{month:02d}//" if month else f"{p['year']}///"))
    if p["volume"]:
        rec.append(("VL", p["volume"]))
    if p["issue"]:
        rec.append(("IS", p["issue"]))
    start, end = page_range(p["pages"])
    if start:
        rec.append(("SP", start))
    if end:
        rec.append(("EP", end))
    if p["journal"] in ISSN:
        rec.append(("SN", ISSN[p["journal"]]))
    rec.append(("AB", p["abstract"]))
    terms = []
    for _, _, _, heading in headings(p):
        terms.append(heading)
    if is_older(p):
        terms += ["Aged", "Frail Elderly" if "frail" in p["title"].lower() else "Aged, 80 and Over"]
    terms.append("Human")
    for term in dict.fromkeys(terms):
        rec.append(("KW", term))
    ptype = {
        "review": "Journal Article; review; systematic review",
        "editorial": "Journal Article; editorial",
    }.get(kind(p), "Journal Article; research")
    rec.append(
        (
            "N1",
            f"Accession Number: {an}. Language: English. Entry Date: {int(p['year']) + 1}0115. "
            f"Revision Date: {int(p['year']) + 2}0302. Publication Type: {ptype}. "
            "Journal Subset: Biomedical; Europe; Peer Reviewed; UK & Ireland.",
        )
    )
    rec.append(("LA", "English"))
    rec.append(("M3", "Article"))
    # CINAHL often lacks the DOI; drop it for about a third of records.
    if p["doi"] and pick("cinahl-doi" + key, 3) != 0:
        rec.append(("DO", p["doi"]))
    rec.append(
        (
            "UR",
            f"https://search.ebscohost.com/login.aspx?direct=true&db=ccm&AN={an}&site=ehost-live",
        )
    )
    rec.append(("DP", "EBSCOhost"))
    rec.append(("DB", "CINAHL Ultimate"))
    rec.append(("ER", ""))
    return ris(rec)


# --------------------------------------------------------------------------------------
# Scopus CSV
# --------------------------------------------------------------------------------------

SCOPUS_COLUMNS = [
    "Authors",
    "Author full names",
    "Title",
    "Year",
    "Source title",
    "Volume",
    "Issue",
    "Art. No.",
    "Page start",
    "Page end",
    "Page count",
    "Cited by",
    "DOI",
    "Link",
    "Abstract",
    "Author Keywords",
    "Index Keywords",
    "Language of Original Document",
    "Document Type",
    "Publication Stage",
    "Open Access",
    "Source",
    "EID",
]


def scopus_source_title(journal: str) -> str:
    return title_case(journal.replace("&", "and")).replace("Plos One", "PLoS ONE")


def scopus_row(p: dict[str, str], trap: dict | None = None) -> dict[str, str]:
    key = p["paper_id"] + (trap["trap_id"] if trap else "")
    eid = "2-s2.0-85" + digits("scopus" + key, 9)
    title = dash(p["title"], " – ")
    if p["journal"] == "International Journal of Integrated Care":
        title = title_case(title)
    year = int(p["year"]) + (trap.get("year_offset", 0) if trap else 0)
    if trap:
        title = trap.get("title_prefix", "") + title
    authors = authors_of(p)
    art_no = p["pages"] if is_article_number(p["pages"]) else ""
    start, end = ("", "") if art_no else page_range(p["pages"])
    in_press = bool(trap and trap.get("in_press"))
    doi = p["doi"] if not (trap and trap["kind"] == "erratum") else ""
    abstract = trap["abstract"] if trap and trap.get("abstract") else p["abstract"]
    abstract = f"{abstract} © {year} The Author(s)." if pick("scopus-c" + key, 2) else abstract
    index_terms = ["human", "humans"]
    if is_older(p):
        index_terms += ["aged", "Aged"]
    for name, _, emtree, _ in headings(p):
        index_terms += [emtree, name]
    doctype = (
        trap["doctype"]
        if trap
        else {"review": "Review", "editorial": "Editorial"}.get(kind(p), "Article")
    )
    link = f"https://www.scopus.com/inward/record.uri?eid={eid}"
    if doi:
        link += f"&doi={doi}"
    link += f"&partnerID=40&md5={hashlib.md5(key.encode()).hexdigest()}"
    return {
        "Authors": ", ".join(f"{last} {'.'.join(initials(first))}." for last, first in authors),
        "Author full names": "; ".join(f"{last}, {first}" for last, first in authors),
        "Title": title,
        "Year": str(year),
        "Source title": scopus_source_title(p["journal"]),
        "Volume": "" if in_press else p["volume"],
        "Issue": "" if in_press else p["issue"],
        "Art. No.": "" if in_press else art_no,
        "Page start": "" if in_press else start,
        "Page end": "" if in_press else end,
        "Page count": str(int(end) - int(start) + 1)
        if start.isdigit() and end.isdigit() and not in_press
        else "",
        "Cited by": "" if trap else str(pick("cites" + key, 400)),
        "DOI": doi,
        "Link": link,
        "Abstract": abstract,
        "Author Keywords": "" if trap else p["keywords"],
        "Index Keywords": "; ".join(dict.fromkeys(index_terms)),
        "Language of Original Document": "English",
        "Document Type": doctype,
        "Publication Stage": "Article in press" if in_press else "Final",
        "Open Access": "All Open Access; Gold Open Access"
        if p["journal"]
        in {
            "BMJ Open",
            "PLoS One",
            "International Journal of Integrated Care",
            "BMC Health Services Research",
            "BMC Public Health",
        }
        else "",
        "Source": "Scopus",
        "EID": eid,
    }


# --------------------------------------------------------------------------------------
# Web of Science plain text
# --------------------------------------------------------------------------------------


def wos_field(tag: str, values: list[str], *, wrap: int = 0) -> list[str]:
    out: list[str] = []
    for i, value in enumerate(values):
        chunks = textwrap.wrap(value, wrap) if wrap else [value]
        for j, chunk in enumerate(chunks):
            out.append((tag if i == 0 and j == 0 else "  ") + " " + chunk)
    return out


def wos_record(p: dict[str, str]) -> list[str]:
    key = p["paper_id"]
    authors = [(ascii_fold(last), ascii_fold(first)) for last, first in authors_of(p)]
    title = dash(p["title"], " - ")
    if pick("wos-upper" + key, 4) == 0:
        title = title.upper()
    lines = ["PT J"]
    lines += wos_field("AU", [f"{last}, {initials(first)}" for last, first in authors])
    lines += wos_field("AF", [f"{last}, {first}" for last, first in authors])
    lines += wos_field("TI", [title], wrap=70)
    lines += wos_field("SO", [ascii_fold(p["journal"]).upper()])
    lines.append("LA English")
    dt = {"review": "Review", "editorial": "Editorial Material"}.get(kind(p), "Article")
    lines.append(f"DT {dt}")
    if p["keywords"]:
        lines += wos_field("DE", [p["keywords"]], wrap=70)
    plus = [h[2].upper() for h in headings(p)]
    if is_older(p):
        plus.append("OLDER-PEOPLE")
    if plus:
        lines += wos_field("ID", ["; ".join(dict.fromkeys(plus))], wrap=70)
    lines.append(f"AB {p['abstract']}")
    if p["journal"] in ISSN:
        lines.append(f"SN {ISSN[p['journal']]}")
    lines.append(f"PY {p['year']}")
    if p["volume"]:
        lines.append(f"VL {p['volume']}")
    if p["issue"]:
        lines.append(f"IS {p['issue']}")
    if is_article_number(p["pages"]):
        lines.append(f"AR {p['pages']}")
    elif p["pages"]:
        start, end = page_range(p["pages"])
        lines.append(f"BP {start}")
        if end:
            lines.append(f"EP {end}")
    # WoS misses a DOI now and then.
    if p["doi"] and pick("wos-doi" + key, 6) != 0:
        lines.append(f"DI {p['doi']}")
    lines.append(f"UT WOS:000{digits('wos' + key, 9)}")
    if p["pmid"]:
        lines.append(f"PM {p['pmid']}")
    lines.append("ER")
    lines.append("")
    return lines


# --------------------------------------------------------------------------------------
# ASSIA via ProQuest RIS
# --------------------------------------------------------------------------------------

#: ASSIA thesaurus-style subject terms for the MeSH descriptors of ``HEADINGS`` (synthetic).
ASSIA_TERMS = {
    "Delivery of Health Care, Integrated": "Integrated care",
    "Primary Health Care": "Primary care",
    "Social Work": "Social work",
    "Qualitative Research": "Qualitative research",
    "Interviews as Topic": "Interviews",
    "Dementia": "Dementia",
    "Chronic Disease": "Chronic illness",
    "Depression": "Depression",
    "Cooperative Behavior": "Collaboration",
    "Interprofessional Relations": "Interprofessional relations",
    "Patient Care Team": "Multidisciplinary teams",
    "Health Policy": "Health policy",
    "England": "England",
    "Netherlands": "Netherlands",
    "Canada": "Canada",
    "Scotland": "Scotland",
    "United States": "United States",
    "Australia": "Australia",
    "Hospitalization": "Hospital admissions",
    "Patient Discharge": "Hospital discharge",
    "Child": "Children",
}

#: ProQuest document ids that are real: the seed review cites this paper's ProQuest record.
PROQUEST_DOCID = {'Social work: a "forgotten" piece of the integration jigsaw?': "1680098682"}


def proquest_slug(title: str) -> str:
    """The title part of a ProQuest document URL (lower case, words joined by hyphens)."""
    words = re.findall(r"[a-z0-9]+", ascii_fold(title).lower())
    return "-".join(words)


def assia_record(p: dict[str, str]) -> list[str]:
    """One ProQuest RIS record, laid out like ProQuest's own exports.

    ProQuest writes ``T1`` before the authors, the document id and the database's own
    accession number together in ``AN`` ("docid; accession"), authors as "Last, First M"
    (no full stops), the ISSN twice in ``SN``, the DOI as a dx.doi.org URL in ``L2`` and
    ``DO``, the database name in ``DB`` and dated ``N1`` notes (compare the ProQuest export in
    ASReview's test data, ``../shared/benchmarks/formats/asreview/proquest.ris``).
    """
    key = p["paper_id"]
    docid = PROQUEST_DOCID.get(p["title"]) or str(1 + pick("assia-doc" + key, 2)) + digits(
        "assia" + key, 9
    )
    rec: list[tuple[str, str]] = [
        ("TY", "JOUR"),
        ("T1", dash(p["title"], " - ")),
        ("AN", f"{docid}; {int(p['year']) * 10000 + int(digits('assia-an' + key, 4))}"),
        ("AB", p["abstract"]),
        ("JF", p["journal"]),
    ]
    for last, first in authors_of(p):
        rec.append(("AU", f"{last}, {first.replace('.', '').strip()}"))
    rec.append(("PY", p["year"]))
    start, end = page_range(p["pages"])
    if start:
        rec.append(("SP", start))
    if end:
        rec.append(("EP", end))
    if p["volume"]:
        rec.append(("VL", p["volume"]))
    if p["issue"]:
        rec.append(("IS", p["issue"]))
    if p["journal"] in ISSN:
        rec.append(("SN", f"{ISSN[p['journal']]}, {ISSN[p['journal']]}"))
    terms = [ASSIA_TERMS[h[0]] for h in headings(p) if h[0] in ASSIA_TERMS]
    if is_older(p):
        terms.append("Older people")
    terms.append("Health and social care")
    for term in dict.fromkeys(terms):
        rec.append(("KW", term))
    rec.append(
        (
            "UR",
            f"https://www.proquest.com/scholarly-journals/{proquest_slug(p['title'])}"
            f"/docview/{docid}/se-2?accountid=11526",
        )
    )
    # ASSIA lacks the DOI of about a quarter of its records.
    doi = p["doi"] if pick("assia-doi" + key, 4) != 0 else ""
    if doi:
        rec.append(("L2", "http://dx.doi.org/" + doi))
    rec.append(("LA", "English"))
    rec.append(("DB", "Applied Social Sciences Index & Abstracts (ASSIA)"))
    revised = (
        f"{int(p['year']) + 1 + pick('assia-y' + key, 3)}"
        f"-{1 + pick('assia-m' + key, 12):02d}-{1 + pick('assia-d' + key, 28):02d}"
    )
    rec.append(("N1", f"Date revised - {revised}"))
    rec.append(("N1", f"Last updated - {revised}"))
    if doi:
        rec.append(("DO", "http://dx.doi.org/" + doi))
    rec.append(("ER", ""))
    return ris(rec)


# --------------------------------------------------------------------------------------
# Writers
# --------------------------------------------------------------------------------------


def traps_for(db: str, by_id: dict[str, dict[str, str]]) -> list[tuple[dict[str, str], dict]]:
    return [(by_id[t["paper"]], t) for t in TRAPS if db in t["databases"]]


def build(papers: list[dict[str, str]]) -> dict[str, int]:
    by_id = {p["paper_id"]: p for p in papers}
    counts: dict[str, int] = {}
    EXPORTS.mkdir(parents=True, exist_ok=True)

    xml = pubmed_xml(papers)
    (HERE / "pubmed_source.xml").write_text(xml, encoding="utf-8")
    counts["pubmed"] = xml.count("<PubmedArticle>")

    lines: list[str] = []
    n = 0
    for p in papers:
        if in_db(p, "embase"):
            lines += embase_record(p) + [""]
            n += 1
    for p, trap in traps_for("embase", by_id):
        lines += embase_record(p, trap) + [""]
        n += 1
    (EXPORTS / "embase_ovid.ris").write_bytes("\r\n".join(lines).encode("utf-8"))
    counts["embase"] = n

    lines, n = [], 0
    for p in papers:
        if in_db(p, "cinahl"):
            lines += cinahl_record(p) + [""]
            n += 1
    (EXPORTS / "cinahl_ebsco.ris").write_bytes(("\ufeff" + "\n".join(lines)).encode("utf-8"))
    counts["cinahl"] = n

    buffer = io.StringIO()
    writer = csv.DictWriter(
        buffer, fieldnames=SCOPUS_COLUMNS, quoting=csv.QUOTE_ALL, lineterminator="\n"
    )
    writer.writeheader()
    n = 0
    for p in papers:
        if in_db(p, "scopus"):
            writer.writerow(scopus_row(p))
            n += 1
    for p, trap in traps_for("scopus", by_id):
        writer.writerow(scopus_row(p, trap))
        n += 1
    (EXPORTS / "scopus.csv").write_bytes(("\ufeff" + buffer.getvalue()).encode("utf-8"))
    counts["scopus"] = n

    lines = ["FN Clarivate Analytics Web of Science", "VR 1.0"]
    n = 0
    for p in papers:
        if in_db(p, "wos"):
            lines += wos_record(p)
            n += 1
    lines.append("EF")
    (EXPORTS / "wos.txt").write_bytes(("\ufeff" + "\n".join(lines) + "\n").encode("utf-8"))
    counts["wos"] = n

    # ProQuest separates records by three blank lines; no byte-order mark.
    lines, n = [], 0
    for p in papers:
        if in_db(p, "assia"):
            lines += assia_record(p) + ["", "", ""]
            n += 1
    (EXPORTS / "assia_proquest.ris").write_bytes("\n".join(lines).encode("utf-8"))
    counts["assia"] = n
    return counts


def check_sidecars(counts: dict[str, int]) -> list[str]:
    """The ``hits`` of each export's sidecar must equal the records written."""
    import yaml  # only needed for this check

    files = {
        "embase": "embase_ovid.ris",
        "cinahl": "cinahl_ebsco.ris",
        "scopus": "scopus.csv",
        "wos": "wos.txt",
        "assia": "assia_proquest.ris",
    }
    problems = []
    for db, name in files.items():
        sidecar = EXPORTS / f"{name}.yaml"
        if not sidecar.is_file():
            problems.append(f"{sidecar}: missing")
            continue
        hits = yaml.safe_load(sidecar.read_text(encoding="utf-8")).get("hits")
        if hits != counts[db]:
            problems.append(f"{sidecar}: hits {hits} but {counts[db]} records written")
    return problems


def main() -> int:
    papers = load_papers()
    counts = build(papers)
    for problem in check_sidecars(counts):
        print(problem, file=sys.stderr)
    total = sum(counts.values())
    for db, n in counts.items():
        print(f"{db:8s} {n:4d} records")
    print(f"{'total':8s} {total:4d} records ({len(TRAPS)} trap kinds)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
