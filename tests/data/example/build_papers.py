"""Write ``papers.csv``, the master list of the example review, from the entries below.

The example review asks what hinders the integration of primary care (general practice) and
social care for frail and older people, in studies published from 2014. Every entry is a real
publication; its bibliographic facts (authors, title, journal, year, volume, issue, pages,
DOI) were recorded only where they were known with confidence and are left empty otherwise.
The abstracts, keywords, database coverage and screening decisions were written for the
example: the abstracts summarise each paper in our own words and are not the published text.

Run from the repository root::

    python tests/data/example/build_papers.py

Each entry is one ``P(...)`` call with these fields, in order:

    authors   "Last, First M.; Last, First" (initials where the first name is not known)
    title, journal, journal_abbrev, year, volume, issue, pages, doi, pmid
    dbs       letters for the databases that return the paper with the example's strategies:
              p = pubmed, e = embase, c = cinahl, s = scopus, w = wos, a = assia
    ta        title/abstract decision: "i" include, "x" exclude
    ft        full-text decision: "i" include, "x" exclude, "nr" not retrieved, "" not screened
    reason    full-text exclusion reason (one of FT_REASONS)
    keywords  "; "-separated author keywords
    notes     why the decision was taken
    abstract  written for the example
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

DATABASES = {"p": "pubmed", "e": "embase", "c": "cinahl", "s": "scopus", "w": "wos", "a": "assia"}
FT_REASONS = (
    "wrong population",
    "wrong setting",
    "wrong study design",
    "not primary research",
    "published before 2014",
    "full text not available",
)
COLUMNS = (
    "paper_id",
    "authors",
    "title",
    "journal",
    "journal_abbrev",
    "year",
    "volume",
    "issue",
    "pages",
    "doi",
    "pmid",
    "abstract",
    "keywords",
    "databases",
    "ta_decision",
    "ft_decision",
    "ft_reason",
    "notes",
)

PAPERS: list[dict[str, str]] = []


def P(
    authors,
    title,
    journal,
    abbrev,
    year,
    volume,
    issue,
    pages,
    doi,
    pmid,
    dbs,
    ta,
    ft,
    reason,
    keywords,
    notes,
    abstract,
):  # noqa: N802 - reads like a table row
    decisions = {"i": "include", "x": "exclude", "nr": "not_retrieved", "": ""}
    PAPERS.append(
        {
            "paper_id": f"P{len(PAPERS) + 1:03d}",
            "authors": authors,
            "title": title,
            "journal": journal,
            "journal_abbrev": abbrev,
            "year": str(year),
            "volume": volume,
            "issue": issue,
            "pages": pages,
            "doi": doi,
            "pmid": pmid,
            "abstract": " ".join(abstract.split()),
            "keywords": keywords,
            "databases": ";".join(DATABASES[c] for c in dbs),
            "ta_decision": decisions[ta],
            "ft_decision": decisions[ft],
            "ft_reason": reason,
            "notes": notes,
        }
    )


# --------------------------------------------------------------------------------------
# Included at title/abstract and at full text (29 studies)
# --------------------------------------------------------------------------------------

P(
    "Naqvi, Danial; Malik, Anam; Al-Zubaidy, Mohaimen; Naqvi, Falak; Tahir, Anas; Tarfiee, Ali; Vara, Sarina; Meyer, Edgar",
    "The general practice perspective on barriers to integration between primary and social care: a London, United Kingdom-based qualitative interview study",
    "BMJ Open",
    "BMJ Open",
    2019,
    "9",
    "8",
    "e029702",
    "10.1136/bmjopen-2019-029702",
    "31434784",
    "pcsw",
    "i",
    "i",
    "",
    "integrated care; general practice; social care; qualitative research",
    "Interviews with 18 GPs and 7 practice managers in London on barriers to primary-social care integration.",
    """Objectives: To learn how frontline general practice staff see the barriers to integrating
  primary care and social care in the UK. Design: Qualitative study with semi-structured
  interviews and thematic analysis. Setting: General practices in London. Participants:
  Eighteen general practitioners and seven practice managers with experience of working with
  social care. Results: Problems clustered around getting access to social services,
  relationships between professions and infrastructure. Difficulty reaching staff in the other
  sector delayed referrals; staff described an antagonistic culture between sectors, silo
  working, overstretched teams and unproductive multidisciplinary meetings that blurred
  responsibility. Incompatible information systems, the absence of pooled budgets and
  misaligned managerial incentives widened the divide. Conclusions: Intangible barriers such
  as poor relationships matter alongside funding and access, and change is needed at
  interpersonal and institutional levels, starting with how professionals are trained.""",
)

P(
    "Dambha-Miller, Hajira; Simpson, Glenn; Hobson, Lucy; Olaniyan, Doyinsola; Hodgson, Sam; Roderick, Paul; Fraser, Simon D. S.; Little, Paul; Everitt, Hazel; Santer, Miriam",
    "Integrating primary care and social services for older adults with multimorbidity: a qualitative study",
    "British Journal of General Practice",
    "Br J Gen Pract",
    2021,
    "71",
    "711",
    "e753-e761",
    "10.3399/BJGP.2020.1100",
    "",
    "pcsw",
    "i",
    "i",
    "",
    "ageing; multimorbidity; primary health care; social work; caregivers",
    "Interviews across England with staff, commissioners, patients and carers on drivers and barriers to integrating primary care and social services.",
    """Background: Older people with several long-term conditions often need both general
  practice and social services, which are planned and funded separately. Aim: To identify
  what drives and what hinders the integration of primary care and social services.
  Design and setting: Qualitative study in England. Method: Semi-structured interviews with a
  wide range of stakeholders, including GPs, nurses, social care staff, commissioners, local
  government, voluntary and private sector staff, patients and carers, analysed thematically.
  Results: Integration was helped by like-minded people working together under supportive
  leaders, by roles that bridge the two systems and by co-locating services. It was hindered by
  structural and interprofessional tensions, organisations protecting their own interests and
  difficulties in sharing records. Conclusion: Known barriers to integration also apply between
  primary care and social services and need to be tackled if benefits are to follow.""",
)

P(
    "Humphries, Richard",
    "Integrated health and social care in England--progress and prospects",
    "Health Policy",
    "Health Policy",
    2015,
    "119",
    "7",
    "856-859",
    "10.1016/j.healthpol.2015.04.010",
    "",
    "peswa",
    "i",
    "i",
    "",
    "integrated care; social care reform; health policy; England",
    "Health policy analysis of English integration initiatives; funding and entitlement divide as barrier.",
    """This paper reviews recent English policy initiatives intended to bring health and social
  care closer together, a goal of successive governments for decades with patchy results. It
  describes the national framework for integrated care, the integration pioneer programme, the
  Better Care Fund as a pooled budget and a programme of personal commissioning, and notes the
  tensions between these different levers. It is too early to judge their combined effect, and
  evidence does not support expectations of large savings. Local effort alone cannot overcome
  the basic differences in entitlement, funding and delivery between the NHS and social care.""",
)

P(
    "Martínez-González, Nahara Anani; Berchtold, Peter; Ullman, Klara; Busato, André; Egger, Matthias",
    "Integrated care programmes for adults with chronic conditions: a meta-review",
    "International Journal for Quality in Health Care",
    "Int J Qual Health Care",
    2014,
    "26",
    "5",
    "561-570",
    "10.1093/intqhc/mzu071",
    "25108537",
    "pesw",
    "i",
    "i",
    "",
    "integrated care; chronic disease; meta-review; systematic reviews",
    "Meta-review of integrated care programmes; notes that organisational culture, governance and finance are rarely assessed.",
    """Objective: To summarise systematic reviews of integrated care programmes for adults with
  chronic conditions, their quality, the elements of integration they examined and the
  effects they reported. Design: Meta-review of systematic reviews and meta-analyses from
  several bibliographic databases, appraised with a standard quality checklist. Results:
  Reviews concentrated on heart failure, diabetes, chronic obstructive pulmonary disease and
  asthma, and their quality was moderate. Most examined care across the continuum and
  interprofessional teams; organisational culture, governance and financial arrangements were
  seldom assessed. Many reported benefits such as fewer admissions and better adherence to
  guidelines. Conclusions: Integration elements beyond clinical teams deserve more attention in
  evaluations.""",
)

P(
    "Damery, Sarah; Flanagan, Sarah; Combes, Gill",
    "Does integrated care reduce hospital activity for patients with chronic diseases? An umbrella review of systematic reviews",
    "BMJ Open",
    "BMJ Open",
    2016,
    "6",
    "11",
    "e011952",
    "10.1136/bmjopen-2016-011952",
    "27872113",
    "pecs",
    "i",
    "i",
    "",
    "integrated care; umbrella review; hospital admissions; chronic disease",
    "Umbrella review; integrated care across health and social care settings and hospital use.",
    """Objective: To summarise evidence on whether integrated care that crosses the boundary
  between health and/or social care settings reduces hospital activity for adults with chronic
  diseases. Design: Umbrella review of systematic reviews and meta-analyses. Results: Fifty
  reviews covered case management, the chronic care model, discharge management,
  multidisciplinary teams, complex interventions and self-management. Just over half reported
  a significant improvement in at least one measure of admissions, readmissions, length of stay
  or emergency use; evidence on cost savings was weak. Discharge management with follow-up
  support and multidisciplinary teams with specialist input looked most promising, mainly for
  single conditions. Conclusions: Expectations that integration will reduce hospital use should
  be tempered.""",
)

P(
    "Maruthappu, Mahiben; Hasan, Amena; Zeltner, Thomas",
    "Enablers and barriers in implementing integrated care",
    "Health Systems & Reform",
    "Health Syst Reform",
    2015,
    "1",
    "4",
    "250-256",
    "10.1080/23288604.2015.1077301",
    "",
    "ps",
    "i",
    "i",
    "",
    "integrated care; implementation; barriers; health systems",
    "Review of enablers and barriers to implementing integrated care across health systems.",
    """Integrated care is promoted internationally as a response to ageing populations and
  chronic disease, but implementation has proved difficult. This article draws on published
  experience to set out the enablers and barriers met when health systems try to integrate
  services. Barriers include fragmented financing, professional and organisational cultures,
  information systems that do not talk to each other and weak leadership; enablers include
  aligned incentives, shared governance and investment in the workforce. Lessons are drawn for
  policy makers planning integration programmes.""",
)

P(
    "Hughes, Gemma",
    "Experiences of integrated care: reflections on tensions of size, scale and perspective between ethnography and evaluation",
    "Anthropology & Medicine",
    "Anthropol Med",
    2019,
    "26",
    "1",
    "33-47",
    "10.1080/13648470.2018.1507105",
    "30714817",
    "pswa",
    "i",
    "i",
    "",
    "integrated care; ethnography; evaluation; multimorbidity",
    "Ethnographic case study of integrated health and social care for people with multiple long-term conditions.",
    """This article draws on two years of ethnographic fieldwork in an English case study of
  integrated health and social care, following people living with several long-term
  conditions, their experiences of integrated services and the commissioning of those
  services. The author shows how patients' accounts, gathered over time, sit uneasily with the
  demands of service evaluation: ethnographic data are judged both too detailed and too local,
  evaluators look at organisations and budgets rather than daily life, and the boundary between
  an intervention and its context dissolves on close inspection. Without dialogue about these
  tensions, patients' experiences risk being sidelined in judgements about integrated care.""",
)

P(
    "Auschra, Carolin",
    "Barriers to the integration of care in inter-organisational settings: a literature review",
    "International Journal of Integrated Care",
    "Int J Integr Care",
    2018,
    "18",
    "1",
    "5",
    "10.5334/ijic.3068",
    "29632455",
    "pecsa",
    "i",
    "i",
    "",
    "integrated care; barriers; inter-organisational collaboration; literature review",
    "Literature review categorising barriers to integration between organisations.",
    """Introduction: Collaboration between health care organisations is seen as essential for
  integrated care, yet it is often hampered. Methods: A systematic literature review of forty
  studies reporting barriers to integration across organisations. Results: Twenty kinds of
  barrier were grouped into six domains: administration and regulation, funding, relations
  between organisations, the organisations themselves, service delivery and clinical practice.
  Some barriers are created deliberately rather than arising by chance, and many depend on
  context and reinforce one another. Conclusion: Understanding how barriers interact can help
  explain the slow progress of integration and guide practitioners in counteracting it.""",
)

P(
    "Mason, Anne; Goddard, Maria; Weatherly, Helen; Chalkley, Martin",
    "Integrating funds for health and social care: an evidence review",
    "Journal of Health Services Research & Policy",
    "J Health Serv Res Policy",
    2015,
    "20",
    "3",
    "177-188",
    "10.1177/1355819614566832",
    "",
    "peswa",
    "i",
    "i",
    "",
    "pooled budgets; integrated care; social care; funding",
    "Evidence review of pooled and aligned funding schemes for health and social care.",
    """Objectives: To review the evidence on schemes that integrate funding for health and
  social care. Methods: Systematic review of studies of pooled, aligned or integrated budgets
  in several countries. Results: A large number of schemes were identified. Few reported
  improved health outcomes and effects on hospital use were mostly absent. Barriers included
  organisational and legal complexity, different eligibility and charging rules, and the time
  and trust needed for joint working. Conclusions: Integrated funding alone is unlikely to
  change outcomes without changes to services and relationships.""",
)

P(
    "Cameron, Ailsa",
    "What have we learnt about joint working between health and social care?",
    "Public Money & Management",
    "Public Money Manag",
    2016,
    "36",
    "1",
    "7-14",
    "",
    "",
    "swa",
    "i",
    "i",
    "",
    "joint working; health and social care; partnership; evidence review",
    "Review of research on joint working between health and social care in the UK.",
    """This article summarises what research since the late 1990s has shown about joint working
  between health and social care services in the United Kingdom. It finds that evidence of
  improved outcomes for service users remains limited. Barriers include differing
  organisational cultures and professional values, separate financial and accountability
  frameworks, lack of clarity about aims, and repeated reorganisation. Facilitators include
  shared vision, co-location, good relationships and management support. Implications for
  current integration policy are discussed.""",
)

P(
    "Cameron, Ailsa; Lart, Rachel; Bostock, Lisa; Coomber, Caroline",
    "Factors that promote and hinder joint and integrated working between health and social care services: a review of research literature",
    "Health & Social Care in the Community",
    "Health Soc Care Community",
    2014,
    "22",
    "3",
    "225-233",
    "10.1111/hsc.12057",
    "23750908",
    "pecswa",
    "i",
    "i",
    "",
    "joint working; integrated care; social care; barriers; facilitators",
    "Review of UK research on joint working between adult health and social care.",
    """This review examined UK research on joint and integrated working between adult health and
  social care services, asking whether recent reforms had met policy makers' objectives.
  Databases were searched systematically, studies screened against criteria and data extracted
  in a standard way. There were signs that closer integration may benefit organisations,
  service users and carers, but studies repeatedly found that staff did not share an
  understanding of what integration was for. Most evaluations were small, local and without
  comparison groups, so firm conclusions about the effectiveness of integrated services could
  not be drawn. Organisational, cultural and contextual factors shaped how joint working
  developed.""",
)

P(
    "Turner, Alison; Mulla, Abeda; Booth, Andrew; Aldridge, Shiona; Stevens, Sharon; Begum, Mahmoda; Malik, Anam",
    "The international knowledge base for new care models relevant to primary care-led integrated models: a realist synthesis",
    "Health Services and Delivery Research",
    "Health Serv Deliv Res",
    2018,
    "6",
    "25",
    "",
    "10.3310/hsdr06250",
    "",
    "ps",
    "i",
    "i",
    "",
    "realist synthesis; new care models; primary care; integrated care",
    "Realist synthesis of the primary care-led multispecialty community provider model.",
    """Background: The multispecialty community provider model was introduced in the NHS in
  England as a community-based integrated care model led by primary care. Objectives: To set
  out the programme theories behind the model, test them against research and practice
  evidence and explain how mechanisms work in different contexts. Design: Realist synthesis in
  three phases, starting from the logic models of vanguard sites. Results: Programme theories
  concerned population health, cost, patient experience and staff experience. Relationships
  between professionals and organisations, engagement of staff and patients, information
  sharing and time for change emerged as conditions for success, while organisational
  boundaries and funding arrangements worked against it. Conclusions: Primary care-led
  integration relies on relational as well as structural change.""",
)

P(
    "Kirst, Maritt; Im, Jennifer; Burns, Tim; Baker, G. Ross; Goldhar, Jodeme; O'Campo, Patricia; Wojtak, Ann; Wodchis, Walter P.",
    "What works in implementation of integrated care programs for older adults with complex needs? A realist review",
    "International Journal for Quality in Health Care",
    "Int J Qual Health Care",
    2017,
    "29",
    "5",
    "612-624",
    "10.1093/intqhc/mzx095",
    "28992156",
    "pecsw",
    "i",
    "i",
    "",
    "integrated care; older adults; realist review; implementation",
    "Realist review of implementation of integrated health and social care programmes for older adults.",
    """Purpose: To explain why integrated care programmes for older adults with complex needs
  succeed or fail in reducing service use and improving health and experience. Data sources:
  Twelve bibliographic databases and grey literature. Study selection: Evaluations of
  integrated, long-stay health and social care programmes. Data synthesis: Realist review.
  Results: Sixty-five articles on 28 programmes were included. Two mechanisms stood out:
  trusting relationships within multidisciplinary teams spanning organisations, and providers'
  commitment to and understanding of the programme model. Leadership that set clear goals and
  built a supportive culture, joint governance, time to build infrastructure and flexibility in
  implementation supported success. Conclusion: Planners should attend to these processes when
  implementing integrated care.""",
)

P(
    "Briggs, Andrew M.; Valentijn, Pim P.; Thiyagarajan, Jotheeswaran A.; Araujo de Carvalho, Islene",
    "Elements of integrated care approaches for older people: a review of reviews",
    "BMJ Open",
    "BMJ Open",
    2018,
    "8",
    "4",
    "e021194",
    "10.1136/bmjopen-2017-021194",
    "29627819",
    "pesw",
    "i",
    "i",
    "",
    "integrated care; older people; review of reviews; health systems",
    "Review of reviews on elements of integrated care for older people, incl. barriers.",
    """Objectives: To identify the elements of integrated care approaches for older people that
  have been evaluated in reviews. Design: Review of systematic reviews. Methods: Databases
  were searched for reviews of integrated care for older adults; elements were mapped to
  levels of the health system. Results: Common elements included case management,
  comprehensive assessment, multidisciplinary teams and care coordination across health and
  social services. System-level enablers such as financing and information sharing were
  less often reported. Conclusions: Integrated care for older people needs action at service
  and system levels.""",
)

P(
    "Threapleton, Diane E.; Chung, Roger Y.; Wong, Samuel Y. S.; Wong, Eliza; Chau, Patsy; Woo, Jean; Chung, Vincent C. H.; Yeoh, Eng-kiong",
    "Integrated care for older populations and its implementation facilitators and barriers: a rapid scoping review",
    "International Journal for Quality in Health Care",
    "Int J Qual Health Care",
    2017,
    "29",
    "3",
    "327-334",
    "10.1093/intqhc/mzx041",
    "28430963",
    "pecs",
    "i",
    "i",
    "",
    "integrated care; older people; scoping review; barriers; facilitators",
    "Rapid scoping review of facilitators and barriers to integrated care for older people.",
    """Purpose: To map integrated care models for older populations and the facilitators and
  barriers to their implementation. Data sources: Electronic databases and grey literature.
  Study selection: Studies of integrated care for older people reporting implementation.
  Results: Facilitators included shared goals, good communication, committed leadership and
  information technology; barriers included poor coordination between health and social
  care, unclear roles, inadequate funding and staff shortages. Conclusion: Implementation
  lessons are consistent across countries and should inform planning of integrated services
  for older people.""",
)

P(
    "Hoedemakers, Maaike; Leijten, Fenna Ruby Marie; Looman, Willemijn; Czypionka, Thomas; Kraus, Markus; Donkers, Hanneke; van den Hende-Wijnands, Esther; van den Broek, Nicole M. A.; Rutten-van Mölken, Maureen",
    "Integrated care for frail elderly: a qualitative study of a promising approach in the Netherlands",
    "International Journal of Integrated Care",
    "Int J Integr Care",
    2019,
    "19",
    "3",
    "16",
    "10.5334/ijic.4626",
    "31534444",
    "pcsa",
    "i",
    "i",
    "",
    "frail elderly; integrated care; qualitative; Netherlands",
    "Dutch Care Chain Frail Elderly programme; bundled payment as facilitator; success factors and conditions.",
    """Introduction: Frail older people in the Netherlands increasingly live at home with support
  from informal carers and community health and social care professionals, and programmes are
  emerging to prevent fragmented care. Methods: A thick description of one programme, the Care
  Chain Frail Elderly, built from documents and semi-structured interviews with stakeholders.
  Results: The programme identifies the frailest patients in primary care and involves them in
  multidisciplinary meetings. Bundled payment across providers was a key facilitator; holistic
  assessment of health and social needs, leadership by general practice care groups, close
  work with the health insurer, a shared ICT system and continuous improvement also mattered.
  Conclusion: The approach may transfer to settings where providers and payers can take on
  similar roles and integrated funding is available.""",
)

P(
    "Wodchis, Walter P.; Dixon, Anna; Anderson, Geoff M.; Goodwin, Nick",
    "Integrating care for older people with complex needs: key insights and lessons from a seven-country cross-case analysis",
    "International Journal of Integrated Care",
    "Int J Integr Care",
    2015,
    "15",
    "",
    "e021",
    "",
    "",
    "pcsa",
    "i",
    "i",
    "",
    "integrated care; older people; case study; international comparison",
    "Cross-case analysis of integrated care programmes for older people in seven countries.",
    """Introduction: Many countries are developing programmes to integrate care for older people
  with complex needs. Methods: Cross-case analysis of programmes in seven countries using
  interviews and documents. Results: Successful programmes used care coordinators, shared
  assessment and close links with primary care and social services. Common barriers included
  separate health and social care funding streams, professional resistance, regulatory limits
  on information sharing and short-term funding. Conclusions: Integration requires both local
  leadership and supportive national policy, and benefits take time to emerge.""",
)

P(
    "Lewis, Richard Q.; Checkland, Kath; Durand, Mary Alison; Ling, Tom; Mays, Nicholas; Roland, Martin; Smith, Judith A.",
    "Integrated care in England - what can we learn from a decade of national pilot programmes?",
    "International Journal of Integrated Care",
    "Int J Integr Care",
    2021,
    "21",
    "4",
    "5",
    "10.5334/ijic.5631",
    "34754281",
    "pcswa",
    "i",
    "i",
    "",
    "integrated care; pilot programmes; England; evaluation",
    "Synthesis by the evaluators of three English integration pilot programmes; recurring facilitators and barriers.",
    """Introduction: For more than a decade the NHS in England pursued integrated care through three
  national pilot programmes aimed at coordination between hospital and community health
  services and between health and social care. Description: The programmes' independent
  evaluators drew out common themes. Pilots varied widely; staff were positive, but success in
  reducing unplanned admissions was mixed. Senior leadership, shared values, simple
  interventions and extra funding helped; short timescales, weak engagement of professionals,
  problems sharing information and data, and shifting national policy got in the way.
  Discussion: There was no stable shared understanding of integrated care, and national
  sponsors' growing focus on hospital use created mismatched expectations. Conclusion: Policy
  needs realistic aims and time frames.""",
)

P(
    "Stokes, Jonathan; Riste, Lisa; Cheraghi-Sohi, Sudeh",
    "Targeting the 'right' patients for integrated care: stakeholder perspectives from a qualitative study",
    "Journal of Health Services Research & Policy",
    "J Health Serv Res Policy",
    2018,
    "23",
    "4",
    "243-251",
    "10.1177/1355819618788100",
    "",
    "peswa",
    "i",
    "i",
    "",
    "integrated care; case finding; qualitative; case management",
    "Secondary analysis of stakeholder interviews at two English integrated care sites about whom to target.",
    """Objective: To explore how stakeholders see the task of targeting the 'right' patients for
  integrated care. Methods: Secondary thematic analysis of qualitative interviews with
  programme managers and initiators, a payer representative, medical and social care
  professionals and allied health staff at two integrated care sites in England. Results:
  Both sites relied on multidisciplinary case management of people judged to be at high risk.
  The data-driven risk stratification recommended in policy did not match how patients were
  actually selected: the patients staff saw as right for the service were at lower risk than
  policy suggested, and their difficulties were mostly social rather than medical. Conclusions:
  Integrated care needs to look beyond individual high-risk patients to prevention and social
  needs.""",
)

P(
    "Lalani, Mirza; Marshall, Martin",
    "Co-location, an enabler for service integration? Lessons from an evaluation of integrated community care teams in East London",
    "Health & Social Care in the Community",
    "Health Soc Care Community",
    2022,
    "30",
    "2",
    "e388-e396",
    "10.1111/hsc.13211",
    "33152144",
    "pecswa",
    "i",
    "i",
    "",
    "co-location; integrated care; community teams; qualitative",
    "Researcher-in-residence evaluation of co-located multi-professional community teams in an East London borough.",
    """Bringing professional groups together in one place is often treated as a building block of
  integrated care. This qualitative evaluation of multi-professional community care teams in an
  East London borough used the researcher-in-residence model, with participant observation and
  individual and group interviews, analysed thematically. Co-location supported joint working,
  communication and information sharing, but only where shared information systems and shared
  professional values were in place. Differing professional identities, limited understanding
  of each other's roles and responsibilities and turnover of staff remained barriers. The
  authors argue that co-location deserves more attention in planning integrated services.""",
)

P(
    "Lalani, Mirza; Bussu, Sonia; Marshall, Martin",
    "Understanding integrated care at the frontline using organisational learning theory: a participatory evaluation of multi-professional teams in East London",
    "Social Science & Medicine",
    "Soc Sci Med",
    2020,
    "262",
    "",
    "113254",
    "10.1016/j.socscimed.2020.113254",
    "32768774",
    "pswa",
    "i",
    "i",
    "",
    "integrated care; organisational learning; multidisciplinary teams; participatory evaluation",
    "Participatory evaluation in three East London boroughs; health and social care cultures hinder learning.",
    """This study used organisational learning theory to examine how multi-professional community
  teams in three East London boroughs learn while delivering integrated care. Two qualitative
  evaluations using the researcher-in-residence model coproduced findings with frontline staff,
  analysed with an adapted learning practice framework. Learning in the teams was mostly
  reactive, responding to problems as they arose. A learning culture was held back by
  differences between the professional and organisational cultures of health and social care,
  weak structures for learning and the separate priorities and pressures of each organisation,
  which also hindered integration at the frontline. The authors argue that learning should be
  built into integrated care planning.""",
)

P(
    "Sadler, Euan; Potterton, Victoria; Anderson, Ruth; Khadjesari, Zarnie; Sheehan, Katie; Butt, Faye; Sevdalis, Nick; Sandall, Jane",
    "Service user, carer and provider perspectives on integrated care for older people with frailty, and factors perceived to facilitate and hinder implementation: a systematic review and narrative synthesis",
    "PLoS One",
    "PLoS One",
    2019,
    "14",
    "5",
    "e0216488",
    "10.1371/journal.pone.0216488",
    "",
    "pecsw",
    "i",
    "i",
    "",
    "frailty; integrated care; older people; systematic review; implementation",
    "Systematic review of perspectives on integrated care for frail older people.",
    """Background: Integrated care is recommended for older people with frailty, but little is
  known about how users and providers experience it. Methods: Systematic review of qualitative
  and mixed-methods studies with narrative synthesis. Results: Service users and carers valued
  continuity, a named coordinator and being listened to. Providers reported facilitators such
  as multidisciplinary working and good relationships, and barriers including poor
  communication between health and social care, lack of shared records, workforce shortages
  and unclear responsibilities. Conclusions: Relational continuity and information sharing are
  central to implementing integrated frailty care.""",
)

P(
    "Kuluski, Kerry; Ho, Julia W.; Hans, Parminder Kaur; Nelson, Michelle L. A.",
    "Community care for people with complex care needs: bridging the gap between health and social care",
    "International Journal of Integrated Care",
    "Int J Integr Care",
    2017,
    "17",
    "4",
    "2",
    "",
    "",
    "pcsa",
    "i",
    "i",
    "",
    "complex care needs; community care; social care; focus groups",
    "Toronto focus groups with health and social care providers on meeting complex needs across sectors.",
    """Introduction: Growing numbers of people live with multimorbidity, mental health problems
  and social deprivation, needs that health care alone cannot meet. Methods: Expert panel focus
  groups with 24 providers from health and social care organisations in Toronto, Canada,
  discussed patient vignettes describing substantial health and social needs. Results:
  Participants described relationships as the foundation of care, the processes and structures
  they wanted, and the barriers they met and the workarounds they used. Discussion and
  conclusions: Meeting these needs requires time to build genuine relationships, wider care
  teams, communication across sectors and co-located health and social care, and removal of the
  barriers that keep providers from working in these ways.""",
)

P(
    "Hughes, Gemma; Shaw, Sara E.; Greenhalgh, Trisha",
    "Rethinking integrated care: a systematic hermeneutic review of the literature on integrated care strategies and concepts",
    "The Milbank Quarterly",
    "Milbank Q",
    2020,
    "98",
    "2",
    "446-492",
    "10.1111/1468-0009.12459",
    "32436330",
    "peswa",
    "i",
    "i",
    "",
    "integrated care; hermeneutic review; health policy; complexity",
    "Hermeneutic review of 71 sources on integrated care strategies and concepts; tensions between aims and context.",
    """Context: Integrated care covers many clinical, organisational and policy changes, yet
  consistent benefits have been hard to demonstrate. Methods: A systematic hermeneutic review
  of 71 sources on the meaning of integrated care and on models tested in practice, comparing
  strategies and concepts, tracing common storylines and building a taxonomy. Findings: The
  literature speaks from four perspectives: patients' experiences, organisational strategies
  and policies, conceptual models, and theoretical and critical analysis. Person-centred,
  relationship-based care may improve patient experience, but patient and system benefits do
  not necessarily align. Conclusions: Integrated care is better seen as an emergent set of
  practices shaped by context than as a single intervention, and policy makers should look for
  conflicts between a programme's aims and its setting.""",
)

P(
    "Gordon, Adam L.; Goodman, Claire; Davies, Sue L.; Dening, Tom; Gage, Heather; Meyer, Julienne; Schneider, Justine; Bell, Brian; Jordan, Jake; Martin, Finbarr C.; Iliffe, Steve; Bowman, Clive; Gladman, John R. F.; Victor, Christina; Mayrhofer, Andrea; Handley, Melanie; Zubair, Maria",
    "Optimal healthcare delivery to care homes in the UK: a realist evaluation of what supports effective working to improve healthcare outcomes",
    "Age and Ageing",
    "Age Ageing",
    2018,
    "47",
    "4",
    "595-603",
    "10.1093/ageing/afx195",
    "",
    "pcsw",
    "i",
    "i",
    "",
    "care homes; realist evaluation; older people; primary care",
    "Realist evaluation in three UK health and social care economies of working between health services and care homes.",
    """Introduction: People living in care homes have high health care needs that current service
  models do not fully meet. Methods: Realist evaluation combining qualitative and quantitative
  data from case studies in three UK health and social care economies with different patterns
  of health care delivery to care homes; residents' resource use was followed for a year and
  residents, relatives, care home staff, community nurses, therapists and general
  practitioners took part in interviews and focus groups. Results: Effective working rested on
  investment that legitimised and valued work with care homes, relational working that built
  trust over time, care that wrapped around the home and access to specialist dementia care.
  Resource use and costs were similar across sites. Conclusion: Opportunities for NHS and care
  home staff to work together are central to good health care for residents.""",
)

P(
    "Pearson, Charlotte; Watson, Nick",
    "Implementing health and social care integration in Scotland: renegotiating new partnerships in changing cultures of care",
    "Health & Social Care in the Community",
    "Health Soc Care Community",
    2018,
    "26",
    "3",
    "e396-e403",
    "10.1111/hsc.12537",
    "",
    "pcsa",
    "i",
    "i",
    "",
    "integration; Scotland; partnership; culture; social care",
    "Qualitative study of Scottish integration partnerships; cultural barriers.",
    """Scotland legislated in 2014 to integrate adult health and social care through
  partnerships between health boards and local authorities. This qualitative study
  interviewed managers and practitioners in several partnerships during early implementation.
  Participants described differences in professional culture, governance and terms of
  employment between health and social care staff, dominance of the health service in
  decision making and tight budgets as obstacles. Building trust and a shared identity took
  time. The authors conclude that legislation created structures but cultural change remains
  the main task.""",
)

P(
    "Spoorenberg, Sophie L. W.; Wynia, Klaske; Fokkens, Andrea S.; Slotman, Karin; Kremer, Hubertus P. H.; Reijneveld, Sijmen A.",
    "Experiences of community-living older adults receiving integrated care based on the chronic care model: a qualitative study",
    "PLoS One",
    "PLoS One",
    2015,
    "10",
    "10",
    "e0137803",
    "10.1371/journal.pone.0137803",
    "26489096",
    "pesw",
    "i",
    "i",
    "",
    "older adults; integrated care; chronic care model; qualitative",
    "Older adults' experiences of Embrace, a Dutch integrated care and support service.",
    """Background: Integrated care models aim to overcome fragmented care by offering continuous,
  coordinated support that reflects people's needs and preferences. Objective: To explore how
  community-living older adults experience integrated care and support and whether it meets
  their health and social needs. Methods: Semi-structured interviews with 23 older adults
  receiving Embrace, a model based on the chronic care model and population health management
  in the northern Netherlands, analysed with a grounded theory approach. Results: Participants
  described ageing as a struggle with health, growing dependency, shrinking social contact and
  fear of losing control. They valued the relationship with their case manager, which helped
  them feel in control, safe and secure. Conclusions: Person-centred case management can
  support older people's sense of control.""",
)

P(
    "Khanassov, Vladimir; Vedel, Isabelle; Pluye, Pierre",
    "Barriers to implementation of case management for patients with dementia: a systematic mixed studies review",
    "Annals of Family Medicine",
    "Ann Fam Med",
    2014,
    "12",
    "5",
    "456-465",
    "10.1370/afm.1677",
    "",
    "pcsw",
    "i",
    "i",
    "",
    "dementia; case management; primary care; barriers; mixed studies review",
    "Mixed studies review linking barriers to dementia case management in community-based primary care with outcomes.",
    """Purpose: Case management for people with dementia and their carers in community-based
  primary health care has given inconsistent results; this review related implementation
  barriers to outcomes. Methods: Systematic mixed studies review of quantitative and
  qualitative studies from several databases, with a configurational comparative analysis.
  Results: Forty-three studies were included. Case management had limited positive effects for
  patients and carers. Programmes that addressed more implementation barriers achieved more
  positive outcomes: high-intensity case management with small caseloads and proactive
  follow-up was linked with better patient outcomes and service use, and good communication
  within the primary care team with better outcomes for carers. Conclusions: Implementation
  should address caseload, intensity and team communication.""",
)

P(
    "Bower, Peter; Reeves, David; Sutton, Matt; Lovell, Karina; Blakemore, Amy; Hann, Mark; Howells, Kelly; Meacock, Rachel; Munford, Luke; Panagioti, Maria; Parkinson, Beth; Riste, Lisa; Sidaway, Mark; Lau, Yiu-Shing; Warwick-Giles, Lynsey; Ainsworth, John; Blakeman, Thomas; Boaden, Ruth; Buchan, Iain; Campbell, Stephen; Coventry, Peter; Reilly, Siobhan; Sanders, Caroline; Skevington, Suzanne; Waheed, Waquas; Checkland, Katherine",
    "Improving care for older people with long-term conditions and social care needs in Salford: the CLASSIC mixed-methods study, including RCT",
    "Health Services and Delivery Research",
    "Health Serv Deliv Res",
    2018,
    "6",
    "31",
    "",
    "10.3310/hsdr06310",
    "",
    "ps",
    "i",
    "i",
    "",
    "older people; long-term conditions; social care; integrated care; mixed methods",
    "Mixed-methods evaluation of the Salford Integrated Care Programme for older people.",
    """Background: The Salford Integrated Care Programme set out to improve care for older people
  with long-term conditions and social care needs. Objectives: To study its implementation and
  its effects on patient outcomes and costs. Design: Qualitative interviews and observation, a
  cohort multiple randomised controlled trial and analysis of routine data against
  comparators. Participants: People aged 65 and over, carers, and health and social care
  professionals. Results: Strong partnerships sustained the programme, and pooled budgets, an
  alliance agreement and a shared care record achieved functional integration. Integration of
  services was slower, and engaging general practice proved difficult. Changes in patient
  experience and outcomes were small. Conclusions: Organisational integration can advance
  quickly while benefits for patients take longer to appear.""",
)

# --------------------------------------------------------------------------------------
# Included at title/abstract, excluded at full text (14) or not retrieved (2)
# --------------------------------------------------------------------------------------

P(
    "Ling, Tom; Brereton, Laura; Conklin, Annalijn; Newbould, Jennifer; Roland, Martin",
    "Barriers and facilitators to integrating care: experiences from the English Integrated Care Pilots",
    "International Journal of Integrated Care",
    "Int J Integr Care",
    2012,
    "12",
    "",
    "e129",
    "10.5334/ijic.982",
    "",
    "cs",
    "i",
    "x",
    "published before 2014",
    "integrated care; pilots; barriers; facilitators; England",
    "Relevant, but published in 2012: outside the review's date limit.",
    """Introduction: England funded sixteen integrated care pilots between 2009 and 2011.
  Methods: Mixed-methods evaluation including staff interviews, surveys and site visits.
  Results: Facilitators included committed leadership, clinical engagement and a shared
  vision; barriers included information governance rules, incompatible IT, financial
  incentives that worked against integration, and limited involvement of social care
  partners. Conclusions: Integration takes longer than pilot time frames and depends on
  relationships built across organisations.""",
)

P(
    "Roland, Martin; Lewis, Richard; Steventon, Adam; Abel, Gary; Adams, John; Bardsley, Martin; Brereton, Laura; Chitnis, Xavier; Conklin, Annalijn; Staetsky, Laura; Tunkel, Sarah; Ling, Tom",
    "Case management for at-risk elderly patients in the English integrated care pilots: observational study of staff and patient experience and secondary care utilisation",
    "International Journal of Integrated Care",
    "Int J Integr Care",
    2012,
    "12",
    "",
    "e130",
    "10.5334/ijic.850",
    "",
    "cs",
    "i",
    "x",
    "published before 2014",
    "case management; older people; integrated care pilots; hospital use",
    "Published in 2012: outside the date limit.",
    """Background: Several English integrated care pilots used case management for older people
  at risk of hospital admission. Methods: Observational study combining staff and patient
  surveys with analysis of hospital use against matched controls. Results: Staff reported
  better team working, but patients reported mixed experiences; emergency admissions did not
  fall while elective admissions and outpatient attendances fell. Conclusions: Case management
  alone may not reduce emergency hospital use for at-risk older people.""",
)

P(
    "Miller, Robin",
    "Crossing the cultural and value divide between health and social care",
    "International Journal of Integrated Care",
    "Int J Integr Care",
    2016,
    "16",
    "4",
    "10",
    "10.5334/ijic.2534",
    "",
    "pcsa",
    "i",
    "x",
    "not primary research",
    "culture; values; health and social care; integration",
    "Editorial discussion; no primary data or systematic review.",
    """This editorial considers the differences in culture and values between health and social
  care that are often blamed for failed integration. It contrasts medical and social models of
  care, professional status and approaches to risk, and argues that stereotypes of the other
  sector persist. The author suggests shared learning, joint leadership development and
  attention to the service user's perspective as ways to bridge the divide.""",
)

P(
    "Kaehne, Axel; Birrell, Derek; Miller, Robin; Petch, Alison",
    "Bringing integration home: policy on health and social care integration in the four nations of the UK",
    "Journal of Integrated Care",
    "J Integr Care",
    2017,
    "25",
    "2",
    "84-98",
    "",
    "",
    "csa",
    "i",
    "x",
    "not primary research",
    "integration policy; United Kingdom; devolution; social care",
    "Policy commentary comparing the four UK nations; not primary research.",
    """Purpose: To compare policies on health and social care integration in England, Scotland,
  Wales and Northern Ireland. Design: Policy analysis drawing on legislation and government
  documents. Findings: The four nations have taken different structural routes, from
  statutory integration in Northern Ireland and Scotland to voluntary pooled budgets in
  England, but all face similar pressures from funding and workforce. Originality: The paper
  sets out a comparative framework for thinking about integration policy.""",
)

P(
    "Fraser, Mark W.; Lombardi, Brianna M.; Wu, Shiyou; de Saxe Zerden, Lisa; Richman, Erica L.; Fraher, Erin P.",
    "Integrated primary care and social work: a systematic review",
    "Journal of the Society for Social Work and Research",
    "J Soc Soc Work Res",
    2018,
    "9",
    "2",
    "175-215",
    "10.1086/697567",
    "",
    "cswa",
    "i",
    "x",
    "wrong population",
    "social work; integrated primary care; systematic review",
    "Social work in primary care for all adults and children; not focused on older or frail people.",
    """Objective: To review evidence on social workers' roles and effects in integrated primary
  care. Method: Systematic review of studies in which social workers were members of primary
  care teams. Results: Studies covered varied populations, mostly adults with behavioural
  health needs; social workers provided assessment, counselling and linkage to community
  resources. Outcomes were generally positive but study quality varied. Conclusions: Social
  work contributes to integrated primary care, but more rigorous evaluation is needed.""",
)

P(
    "Busetto, Loraine; Luijkx, Katrien; Calciolari, Stefano; González Ortiz, Laura G.; Vrijhoef, Hubertus J. M.",
    "Barriers and facilitators to workforce changes in integrated care",
    "International Journal of Integrated Care",
    "Int J Integr Care",
    2018,
    "18",
    "2",
    "17",
    "",
    "",
    "pcsa",
    "i",
    "x",
    "wrong population",
    "workforce; integrated care; chronic disease; Europe",
    "Workforce changes in integrated chronic disease care; not older people or social care.",
    """Introduction: Integrated care often requires new roles and changes to professional tasks.
  Methods: Secondary analysis of European case studies of integrated chronic care programmes.
  Results: Facilitators of workforce change included training, clear task descriptions and
  supportive leadership; barriers included professional resistance, lack of financial
  incentives and legal limits on task shifting. Conclusion: Workforce change needs to be
  planned alongside organisational and financial change.""",
)

P(
    "Alderwick, Hugh; Hutchings, Andrew; Briggs, Adam; Mays, Nicholas",
    "The impacts of collaboration between local health care and non-health care organizations and factors shaping how they work: a systematic review of reviews",
    "BMC Public Health",
    "BMC Public Health",
    2021,
    "21",
    "1",
    "753",
    "10.1186/s12889-021-10630-1",
    "",
    "pesw",
    "i",
    "x",
    "wrong population",
    "collaboration; partnerships; public health; review of reviews",
    "Cross-sector collaboration in general; not older or frail people.",
    """Background: Local health care organisations are encouraged to collaborate with
  organisations outside health care. Methods: Systematic review of reviews of collaboration
  between local health care and non-health care bodies. Results: Evidence of health benefits
  was limited. Factors shaping collaboration included shared goals, trust, leadership,
  resources and wider political context; barriers included differing priorities,
  organisational instability and lack of funding. Conclusions: Policy makers should be
  realistic about what collaboration can achieve.""",
)

P(
    "Grudniewicz, Agnes; Tenbensel, Tim; Evans, Jenna M.; Steele Gray, Carolyn; Baker, G. Ross; Wodchis, Walter P.",
    "'Complexity-compatible' policy for integrated care? Lessons from the implementation of Ontario's Health Links",
    "Social Science & Medicine",
    "Soc Sci Med",
    2018,
    "198",
    "",
    "95-102",
    "",
    "",
    "pswa",
    "i",
    "x",
    "wrong population",
    "integrated care; complexity; policy implementation; Canada",
    "High-cost users of all ages; health system focus without social care.",
    """Ontario's Health Links brought providers together to coordinate care for high-cost, high-
  need patients. This qualitative study interviewed policy makers and Health Link leaders to
  examine implementation. The policy allowed local flexibility, which supported innovation,
  but unclear expectations, accountability requirements and changing metrics created
  difficulties. The authors discuss what policy design compatible with complexity might look
  like.
  Implications for other jurisdictions introducing integrated care are discussed.""",
)

P(
    "Baxter, Susan; Johnson, Maxine; Chambers, Duncan; Sutton, Anthea; Goyder, Elizabeth; Booth, Andrew",
    "The effects of integrated care: a systematic review of UK and international evidence",
    "BMC Health Services Research",
    "BMC Health Serv Res",
    2018,
    "18",
    "1",
    "350",
    "10.1186/s12913-018-3161-3",
    "",
    "pesw",
    "i",
    "x",
    "wrong study design",
    "integrated care; outcomes; systematic review",
    "Outcome review without data on barriers to integration.",
    """Background: Health systems are seeking to integrate care, but its effects are uncertain.
  Methods: Systematic review of UK and international studies of integrated care
  interventions, with narrative synthesis of outcomes. Results: Evidence suggested improved
  patient satisfaction, perceived quality and access, while evidence on costs, hospital use
  and health outcomes was inconsistent. Conclusions: Expectations of integrated care should be
  framed around quality and access rather than savings.""",
)

P(
    "Khanassov, Vladimir; Vedel, Isabelle",
    "Family physician-case manager collaboration and needs of patients with dementia and their caregivers: a systematic mixed studies review",
    "Annals of Family Medicine",
    "Ann Fam Med",
    2016,
    "14",
    "2",
    "166-177",
    "10.1370/afm.1898",
    "",
    "pecs",
    "i",
    "x",
    "wrong study design",
    "dementia; case management; family physicians; collaboration",
    "Examines unmet needs by collaboration model; no barrier data on health-social care integration.",
    """Purpose: To examine how collaboration between family physicians and case managers relates
  to meeting the needs of people with dementia and their caregivers. Methods: Systematic mixed
  studies review. Results: Needs were more often met where case managers and family physicians
  worked closely; needs for social support and respite were least often met. Conclusions:
  Close collaboration with primary care may improve case management for dementia.""",
)

P(
    "Uittenbroek, Ronald J.; Kremer, Hubertus P. H.; Spoorenberg, Sophie L. W.; Reijneveld, Sijmen A.; Wynia, Klaske",
    "Integrated care for older adults improves perceived quality of care: results of a randomized controlled trial of Embrace",
    "Journal of General Internal Medicine",
    "J Gen Intern Med",
    2017,
    "32",
    "5",
    "516-523",
    "10.1007/s11606-016-3742-y",
    "",
    "pesw",
    "i",
    "x",
    "wrong study design",
    "integrated care; older adults; randomised controlled trial; quality of care",
    "Trial of effects; reports no barriers or facilitators.",
    """Background: Embrace is an integrated care service for community-living older adults in
  the Netherlands. Objective: To evaluate its effect on perceived quality of care. Design:
  Randomised controlled trial in general practices. Participants: Older adults stratified by
  risk profile. Results: Participants receiving Embrace rated their care as more patient
  centred and better coordinated than those receiving usual care. Conclusions: Integrated
  care improved older adults' perceived quality of care.""",
)

P(
    "Kadu, Mudathira K.; Stolee, Paul",
    "Facilitators and barriers of implementing the chronic care model in primary care: a systematic review",
    "BMC Family Practice",
    "BMC Fam Pract",
    2015,
    "16",
    "",
    "12",
    "10.1186/s12875-014-0219-0",
    "",
    "pecs",
    "i",
    "x",
    "wrong setting",
    "chronic care model; primary care; implementation; systematic review",
    "Primary care only; no social care component.",
    """Background: The chronic care model guides improvement of care for chronic conditions in
  primary care. Methods: Systematic review of studies reporting implementation facilitators
  and barriers, analysed with an implementation framework. Results: Facilitators included
  team cohesion, leadership and resources for change; barriers included time pressure, lack of
  information systems, staff turnover and financial constraints. Conclusions: Implementing the
  model requires attention to practice context.""",
)

P(
    "Baillie, Lesley; Gallini, Andrew; Corser, Rachel; Elworthy, Gina; Scotcher, Alison; Barrand, Angela",
    "Care transitions for frail, older people from acute hospital wards within an integrated healthcare system in England: a qualitative case study",
    "International Journal of Integrated Care",
    "Int J Integr Care",
    2014,
    "14",
    "",
    "e009",
    "",
    "",
    "pcs",
    "i",
    "x",
    "wrong setting",
    "care transitions; frail older people; hospital discharge; qualitative",
    "Hospital discharge from acute wards; not primary care-social care integration.",
    """Introduction: Older people with frailty often move between hospital and community care.
  Methods: Qualitative case study in an English integrated health organisation, with
  interviews of patients, carers and staff and observation of ward processes. Results:
  Integration of acute and community health services helped communication, but delays in
  arranging social care and differing expectations caused problems at discharge.
  Conclusions: Transitions from acute wards need better coordination with social care.""",
)

P(
    "Elston, Julian; Gradinger, Felix; Asthana, Sheena; Lilley-Woolnough, Caroline; Wroe, Sue; Harman, Helen; Byng, Richard",
    "Does a social prescribing 'holistic' link-worker for older people with complex, multimorbidity improve well-being and frailty and reduce health and social care use and costs? A 12-month before-and-after evaluation",
    "Primary Health Care Research & Development",
    "Prim Health Care Res Dev",
    2019,
    "20",
    "",
    "e135",
    "10.1017/S1463423619000598",
    "31547895",
    "pecs",
    "i",
    "x",
    "wrong study design",
    "social prescribing; older people; frailty; evaluation",
    "Before-and-after outcome evaluation; no data on barriers to integration.",
    """Aim: To evaluate a well-being coordinator (holistic link-worker) service for older adults
  with two or more long-term conditions, commissioned by an integrated care organisation in
  south-west England. Background: Social prescribing is promoted to improve well-being and
  reduce demand on the NHS and social services, but evidence for frail older people is weak.
  Methods: Before-and-after study of well-being, patient activation and frailty at 12 weeks and
  of primary, community and secondary care use and costs over 12 months. Findings: Most
  participants met their goals, and well-being, activation and frailty scores improved. Average
  use of services rose, although many participants used services less or no more, and a few
  high-cost users drove overall costs. Conclusions: Controlled evaluation is needed.""",
)

P(
    "Cameron, Ailsa; Bostock, Lisa; Lart, Rachel",
    "Service user and carers perspectives of joint and integrated working between health and social care",
    "Journal of Integrated Care",
    "J Integr Care",
    2014,
    "22",
    "2",
    "62-70",
    "",
    "",
    "csa",
    "i",
    "nr",
    "full text not available",
    "service users; carers; joint working; health and social care",
    "Full text could not be obtained through library services or the authors.",
    """Purpose: To review what service users and carers say about joint and integrated working
  between health and social care. Design: Review of UK research reporting user and carer
  perspectives. Findings: Users valued timely access, continuity and staff who communicated
  with each other; they reported repeated assessments and confusion about who was
  responsible. Originality: Highlights the limited attention to users' views in evaluations
  of integration.""",
)

P(
    "Mackie, Sue; Darvill, Angela",
    "Factors enabling implementation of integrated health and social care: a systematic review",
    "British Journal of Community Nursing",
    "Br J Community Nurs",
    2016,
    "21",
    "2",
    "82-87",
    "10.12968/bjcn.2016.21.2.82",
    "",
    "pec",
    "i",
    "nr",
    "full text not available",
    "integrated care; community nursing; long-term conditions; systematic review",
    "Full text not available through library subscriptions; interlibrary loan did not arrive.",
    """Background: Despite repeated government recommendations, integrated health and social care
  in England has been slow to spread. Aim: To identify factors that enable integrated health
  and social care for people with long-term conditions in the community. Method: Review
  following systematic principles, with quality appraisal and thematic synthesis. Results:
  Seven studies were included. Enablers included co-located teams, communication, integrated
  organisations, management and leadership, capacity and resources, and information
  technology. Conclusion: The evidence on integrated health and social care teams is limited
  and further research is needed.""",
)

# --------------------------------------------------------------------------------------
# Excluded at title/abstract: commentaries, other populations and settings, effectiveness
# or epidemiology without integration barriers, social prescribing, methods papers
# --------------------------------------------------------------------------------------

P(
    "Goodwin, Nick",
    "Understanding integrated care",
    "International Journal of Integrated Care",
    "Int J Integr Care",
    2016,
    "16",
    "4",
    "6",
    "10.5334/ijic.2530",
    "",
    "ps",
    "x",
    "",
    "",
    "integrated care; definitions; editorial",
    "Editorial on definitions of integrated care; not a study.",
    """This editorial discusses the many definitions of integrated care and argues that the
  concept is best understood as a person-centred organising principle rather than a single
  model. It describes the dimensions along which integration can occur, from clinical to
  system level, and calls for research that explains how integration works in practice. No
  new data are presented.
  It also introduces the journal's aims for the following years.""",
)

P(
    "Thomas, Paul",
    "Achieving community oriented integrated care through the 2014 England GP contract",
    "London Journal of Primary Care",
    "London J Prim Care",
    2014,
    "6",
    "3",
    "55-64",
    "",
    "",
    "c",
    "x",
    "",
    "",
    "general practice; contract; community oriented integrated care",
    "Discussion paper about the GP contract; no empirical data.",
    """This discussion paper considers how the 2014 general practice contract in England could
  be used to develop community oriented integrated care. It describes the contract's
  provisions for named accountable GPs for older patients and for avoiding unplanned
  admissions, and proposes that practices work with local partners in neighbourhood networks.
  The author outlines principles for whole-system learning rather than presenting a study.""",
)

P(
    "Kumpunen, Stephanie; Edwards, Nigel; Georghiou, Theo; Hughes, Gemma",
    "Why do evaluations of integrated care not produce the results we expect?",
    "International Journal of Care Coordination",
    "Int J Care Coord",
    2020,
    "",
    "",
    "",
    "10.1177/2053434520909089",
    "",
    "s",
    "x",
    "",
    "",
    "integrated care; evaluation; expert seminar",
    "Expert seminar report on evaluation; not a study of barriers to primary-social care integration.",
    """Several evaluations of integrated care in England have found no fall in hospital admissions,
  and some found more hospital use than in matched controls. The authors put three possible
  explanations to a seminar of about fifty integrated care experts: flawed models, flawed
  implementation and flawed evaluation. None was ruled out. Advice included testing the logic
  of models rigorously, seeking advice from experts, patients and professionals when
  commissioning, choosing outcomes carefully, using mixed methods and feeding findings back to
  sites, and the authors suggest an advisory service for local evaluations.""",
)

P(
    "Glasby, Jon",
    "The holy grail of health and social care integration",
    "BMJ",
    "BMJ",
    2017,
    "356",
    "",
    "j801",
    "10.1136/bmj.j801",
    "",
    "e",
    "x",
    "",
    "",
    "integrated care; social care; editorial",
    "Editorial; not primary research.",
    """This editorial responds to a national audit report on health and social care integration
  in England. It argues that integration has been pursued for decades through structural
  reforms with little evidence of benefit, and that underfunding of social care is a more
  pressing problem. The author calls for integration to be seen as a means to better outcomes
  for people rather than an end in itself.""",
)

P(
    "Struckmann, Verena; Leijten, Fenna R. M.; van Ginneken, Ewout; Kraus, Markus; Reiss, Miriam; Spranger, Anne; Boland, Melinde R. S.; Czypionka, Thomas; Busse, Reinhard; Rutten-van Mölken, Maureen",
    "Relevant models and elements of integrated care for multi-morbidity: results of a scoping review",
    "Health Policy",
    "Health Policy",
    2018,
    "122",
    "1",
    "23-35",
    "10.1016/j.healthpol.2017.08.008",
    "",
    "ps",
    "x",
    "",
    "",
    "multimorbidity; integrated care; scoping review; models of care",
    "Maps models for multimorbidity; no barriers; not social care.",
    """This scoping review, part of a European project on integrated care for multimorbidity,
  identified models of care for people with several chronic conditions and described their
  components. Models were classified using a framework covering service delivery, leadership,
  workforce, financing, technology and information. Most models combined case management,
  multidisciplinary teams and self-management support; few addressed financing. The review
  provides a basis for selecting models for further evaluation.""",
)

P(
    "Pescheny, Julia Vera; Pappas, Yannis; Randhawa, Gurch",
    "Facilitators and barriers of implementing and delivering social prescribing services: a systematic review",
    "BMC Health Services Research",
    "BMC Health Serv Res",
    2018,
    "18",
    "1",
    "86",
    "10.1186/s12913-018-2893-4",
    "",
    "pcswa",
    "x",
    "",
    "",
    "social prescribing; implementation; barriers; systematic review",
    "Social prescribing services, all ages; not integration of primary and social care for older people.",
    """Background: Social prescribing links primary care patients with non-medical sources of
  support in the community. Methods: Systematic review of studies reporting facilitators and
  barriers to implementing and delivering social prescribing. Results: Facilitators included
  good relationships between link workers and general practices and adequate information;
  barriers included lack of awareness among staff, inconsistent referral and short-term
  funding. Conclusions: Implementation depends on partnership working and sustainable
  funding.""",
)

P(
    "Looman, Wilhelmina M.; Huijsman, Robbert; Fabbricotti, Isabelle N.",
    "The (cost-)effectiveness of preventive, integrated care for community-dwelling frail older people: a systematic review",
    "Health & Social Care in the Community",
    "Health Soc Care Community",
    2019,
    "27",
    "1",
    "1-30",
    "10.1111/hsc.12571",
    "",
    "pcsa",
    "x",
    "",
    "",
    "frail older people; integrated care; cost-effectiveness; systematic review",
    "Effectiveness review; no barrier data.",
    """This systematic review assessed the effectiveness and cost-effectiveness of preventive,
  integrated care for frail older people living in the community. Controlled studies were
  identified in several databases and outcomes were summarised narratively. Effects on
  functioning, quality of life, mortality, service use and costs were mostly small or
  inconsistent, and few economic evaluations were available. The authors call for better
  targeted interventions and longer follow-up.""",
)

P(
    "Lloyd, Helen M.; Pearson, Mark; Sheaff, Rod; Asthana, Sheena; Wheat, Hannah; Sugavanam, Thavapriya Prabu; Britten, Nicky; Valderas, Jose; Bainbridge, Michael; Witts, Lorraine; Ricketts, Tracey; Byng, Richard",
    "Collaborative action for person-centred coordinated care (P3C): an approach to support the development of a comprehensive system-wide solution to fragmented care",
    "Health Research Policy and Systems",
    "Health Res Policy Syst",
    2017,
    "15",
    "1",
    "98",
    "10.1186/s12961-017-0263-z",
    "",
    "pew",
    "x",
    "",
    "",
    "person-centred care; coordinated care; co-production; fragmentation",
    "Methodological description of a research programme; no barrier findings.",
    """Background: Fragmented care is a problem for people with long-term conditions. This paper
  describes a programme of collaborative action research to support person-centred
  coordinated care. Methods: The programme combined evidence synthesis, development of
  measures and tools with stakeholders, and work with health and social care organisations.
  Results: The approach is described together with its products. Conclusions: Collaborative
  approaches can link research and practice to tackle fragmentation.""",
)

P(
    "Sugavanam, Thavapriya; Fosh, Beth; Close, James; Byng, Richard; Horrell, Jane; Lloyd, Helen",
    "Codesigning a measure of person-centred coordinated care to capture the experience of the patient: the development of the P3CEQ",
    "Journal of Patient Experience",
    "J Patient Exp",
    2018,
    "5",
    "3",
    "201-211",
    "10.1177/2374373517748642",
    "",
    "p",
    "x",
    "",
    "",
    "patient experience; measurement; person-centred care; coordinated care",
    "Measure development; not about barriers.",
    """Person-centred coordinated care is a policy aim, but few measures capture the patient's
  experience of it. This paper describes the codesign of a short questionnaire with patients,
  carers and professionals, followed by cognitive testing and pilot administration in primary
  care and community settings. The resulting instrument covers involvement, coordination and
  continuity. Further psychometric testing is planned.
  The measure is intended for use in evaluating integrated care programmes.""",
)

P(
    "Suter, Esther; Oelke, Nelly D.; da Silva Lima, Maria Alice Dias; Stiphout, Michelle; Janke, Robert; Witt, Regina Rigatto; Van Vliet-Brown, Cheryl; Schill, Kaela; Rostami, Mahnoush; Hepp, Shelanne; Birney, Arden; Al-Roubaiai, Fatima; Marques, Giselda Quintana",
    "Indicators and measurement tools for health systems integration: a knowledge synthesis",
    "International Journal of Integrated Care",
    "Int J Integr Care",
    2017,
    "17",
    "6",
    "4",
    "",
    "",
    "pcs",
    "x",
    "",
    "",
    "health system integration; indicators; measurement; knowledge synthesis",
    "Measurement of integration; no barriers. Results paper of the Oelke 2015 protocol (a different record, not a duplicate).",
    """Background: Measuring health system integration is needed to monitor reforms. Methods:
  Knowledge synthesis of published and grey literature identifying indicators and tools that
  measure integration, classified by domain. Results: A large number of indicators and tools
  were found, concentrated on care coordination and patient experience, with fewer on
  governance, financing and information systems. Conclusions: Measurement of integration is
  fragmented, and a core set of indicators would help comparison.""",
)

P(
    "Oelke, Nelly D.; Suter, Esther; da Silva Lima, Maria Alice Dias; Van Vliet-Brown, Cheryl",
    "Indicators and measurement tools for health system integration: a knowledge synthesis protocol",
    "Systematic Reviews",
    "Syst Rev",
    2015,
    "4",
    "",
    "99",
    "10.1186/s13643-015-0090-5",
    "",
    "pe",
    "x",
    "",
    "",
    "protocol; health system integration; indicators; knowledge synthesis",
    "Protocol of the Suter 2017 knowledge synthesis (a different record, not a duplicate); no results.",
    """Background: Health systems are integrating services but lack agreed measures of
  integration. Methods and design: This protocol describes a knowledge synthesis that will
  search databases and grey literature for indicators and measurement tools of health system
  integration, screen and extract data in duplicate, and classify indicators against a set of
  integration principles. Discussion: The synthesis will inform evaluation of integration in
  Canada, Brazil and elsewhere.""",
)

P(
    "Stokes, Jonathan; Kristensen, Søren Rud; Checkland, Kath; Bower, Peter",
    "Effectiveness of multidisciplinary team case management: difference-in-differences analysis",
    "BMJ Open",
    "BMJ Open",
    2016,
    "6",
    "4",
    "e010468",
    "10.1136/bmjopen-2015-010468",
    "",
    "p",
    "x",
    "",
    "",
    "case management; multidisciplinary team; difference-in-differences; primary care",
    "Quantitative effectiveness study; no barriers.",
    """Objectives: To evaluate a multidisciplinary team case management programme for patients
  at risk of admission in an English area. Design: Difference-in-differences analysis of
  routine data comparing enrolled patients with matched controls. Results: The programme had
  little effect on hospital use or costs but patients reported small improvements in
  self-management. Conclusions: Case management is unlikely to reduce hospital use on its own.""",
)

P(
    "Stokes, Jonathan; Panagioti, Maria; Alam, Rahul; Checkland, Kath; Cheraghi-Sohi, Sudeh; Bower, Peter",
    "Effectiveness of case management for 'at risk' patients in primary care: a systematic review and meta-analysis",
    "PLoS One",
    "PLoS One",
    2015,
    "10",
    "7",
    "e0132340",
    "10.1371/journal.pone.0132340",
    "",
    "psw",
    "x",
    "",
    "",
    "case management; primary care; meta-analysis; hospital admissions",
    "Effectiveness meta-analysis; no barriers.",
    """Background: Case management is used to support patients at risk of poor outcomes in
  primary care. Methods: Systematic review and meta-analysis of randomised trials of case
  management. Results: Case management had small benefits on patient satisfaction and
  self-reported health but no significant effect on hospital use, mortality or total costs.
  Conclusions: The evidence does not support case management as a route to reducing hospital
  use.""",
)

P(
    "Cassell, Alexander; Edwards, Duncan; Harshfield, Amelia; Rhodes, Kirsty; Brimicombe, James; Payne, Rupert; Griffin, Simon",
    "The epidemiology of multimorbidity in primary care: a retrospective cohort study",
    "British Journal of General Practice",
    "Br J Gen Pract",
    2018,
    "68",
    "669",
    "e245-e251",
    "10.3399/bjgp18X695465",
    "",
    "pecsw",
    "x",
    "",
    "",
    "multimorbidity; epidemiology; primary care; cohort study",
    "Epidemiology of multimorbidity; no integration.",
    """Background: Multimorbidity places increasing demands on primary care. Aim: To describe its
  prevalence and association with use of services. Design and setting: Retrospective cohort
  study using primary care records from practices in England. Results: About a quarter of
  patients had two or more conditions, rising steeply with age; multimorbidity was associated
  with more consultations, prescriptions and hospital admissions. Conclusion: Services must be
  organised around people with multiple conditions.""",
)

P(
    "Kingston, Andrew; Robinson, Louise; Booth, Heather; Knapp, Martin; Jagger, Carol",
    "Projections of multi-morbidity in the older population in England to 2035: estimates from the Population Ageing and Care Simulation (PACSim) model",
    "Age and Ageing",
    "Age Ageing",
    2018,
    "47",
    "3",
    "374-380",
    "10.1093/ageing/afx201",
    "",
    "es",
    "x",
    "",
    "",
    "multimorbidity; projections; older people; microsimulation",
    "Projection model of multimorbidity; not integration.",
    """Background: Planning of services needs estimates of future multimorbidity. Methods: A
  dynamic microsimulation model was built from longitudinal ageing studies to project the
  number of older people in England with two or more and four or more diseases to 2035.
  Results: The proportion with complex multimorbidity was projected to increase markedly, with
  much of the increase in conditions such as dementia and depression. Conclusions: Services
  for older people will need to expand and adapt.""",
)

P(
    "Clegg, Andrew; Bates, Chris; Young, John; Ryan, Ronan; Nichols, Linda; Ann Teale, Elizabeth; Mohammed, Mohammed A.; Parry, John; Marshall, Tom",
    "Development and validation of an electronic frailty index using routine primary care electronic health record data",
    "Age and Ageing",
    "Age Ageing",
    2016,
    "45",
    "3",
    "353-360",
    "10.1093/ageing/afw039",
    "",
    "p",
    "x",
    "",
    "",
    "frailty; electronic frailty index; primary care; validation",
    "Frailty tool development; not integration.",
    """Background: Frailty is common in older people but is not routinely identified in primary
  care. Objective: To develop and validate an electronic frailty index from routine records.
  Methods: A cumulative deficit index was built from coded data and tested in large primary
  care cohorts. Results: The index predicted mortality, hospitalisation and nursing home
  admission with moderate discrimination. Conclusion: Routine identification of frailty in
  general practice is feasible.""",
)

P(
    "Husk, Kerryn; Elston, Julian; Gradinger, Felix; Callaghan, Lynne; Asthana, Sheena",
    "Social prescribing: where is the evidence?",
    "British Journal of General Practice",
    "Br J Gen Pract",
    2019,
    "69",
    "678",
    "6-7",
    "10.3399/bjgp19X700325",
    "",
    "pec",
    "x",
    "",
    "",
    "social prescribing; evidence; editorial",
    "Editorial on social prescribing.",
    """This editorial reviews the evidence base for social prescribing in general practice at a
  time of rapid national expansion. The authors argue that most evaluations are small,
  uncontrolled and focused on short-term outcomes, and that the mechanisms by which link
  workers help patients are poorly understood. They call for evaluation designs that match the
  complexity of the intervention.
  They also warn against assuming savings for general practice.""",
)

P(
    "Drinkwater, Chris; Wildman, Josephine; Moffatt, Suzanne",
    "Social prescribing",
    "BMJ",
    "BMJ",
    2019,
    "364",
    "",
    "l1285",
    "10.1136/bmj.l1285",
    "",
    "pes",
    "x",
    "",
    "",
    "social prescribing; primary care; practice pointer",
    "Educational article on social prescribing.",
    """This practice-oriented article explains what social prescribing is, how link workers in
  primary care connect patients to community and voluntary organisations, and which patients
  may benefit. It summarises the limited evidence and offers practical advice to clinicians
  about making referrals and working with local schemes. It is aimed at general practitioners
  and presents no new data.
  Common pitfalls in referral are described.""",
)

P(
    "Bickerdike, Liz; Booth, Alison; Wilson, Paul M.; Farley, Kate; Wright, Kath",
    "Social prescribing: less rhetoric and more reality. A systematic review of the evidence",
    "BMJ Open",
    "BMJ Open",
    2017,
    "7",
    "4",
    "e013384",
    "10.1136/bmjopen-2016-013384",
    "",
    "pcsw",
    "x",
    "",
    "",
    "social prescribing; systematic review; primary care",
    "Effectiveness review of social prescribing.",
    """Objectives: To assess evidence on the effectiveness of social prescribing in the UK.
  Design: Systematic review of evaluations of programmes linking primary care patients to
  non-clinical community services. Results: Studies were small and mostly uncontrolled, with
  a high risk of bias; reported benefits on well-being and service use could not be
  attributed to the programmes. Conclusions: Robust evaluation is needed before wider
  implementation.""",
)

P(
    "Moffatt, Suzanne; Steer, Mel; Lawson, Sarah; Penn, Linda; O'Brien, Nicola",
    "Link Worker social prescribing to improve health and well-being for people with long-term conditions: qualitative study of service user perceptions",
    "BMJ Open",
    "BMJ Open",
    2017,
    "7",
    "7",
    "e015203",
    "10.1136/bmjopen-2016-015203",
    "",
    "cs",
    "x",
    "",
    "",
    "social prescribing; link worker; long-term conditions; qualitative",
    "Social prescribing user perceptions; not primary-social care integration.",
    """Objective: To explore the experiences of people with long-term conditions referred to a
  link worker social prescribing programme. Design: Qualitative interviews. Setting: A
  deprived area of northern England. Results: Participants described reduced isolation,
  increased confidence and better self-management, supported by a trusting relationship with
  the link worker. Conclusions: Link worker social prescribing can help people with long-term
  conditions in deprived areas.""",
)

P(
    "Wildman, Josephine M.; Moffatt, Suzanne; Steer, Mel; Laing, Kirsty; Penn, Linda; O'Brien, Nicola",
    "Service-users' perspectives of link worker social prescribing: a qualitative follow-up study",
    "BMC Public Health",
    "BMC Public Health",
    2019,
    "19",
    "1",
    "98",
    "10.1186/s12889-018-6349-x",
    "",
    "pswa",
    "x",
    "",
    "",
    "social prescribing; link worker; qualitative; follow-up",
    "Social prescribing follow-up; not integration.",
    """Background: Little is known about the longer-term experience of people using social
  prescribing. Methods: Follow-up interviews with service users of a link worker programme one
  to two years after first interview. Results: Some participants sustained improvements, while
  others faced setbacks linked to worsening health and social circumstances; continued
  contact with the link worker was valued. Conclusions: Social prescribing may need longer
  support for people with complex needs.""",
)

P(
    "Gera, Tarun; Shah, Dheeraj; Garner, Paul; Richardson, Marty; Sachdev, Harshpal S.",
    "Integrated management of childhood illness (IMCI) strategy for children under five",
    "Cochrane Database of Systematic Reviews",
    "Cochrane Database Syst Rev",
    2016,
    "",
    "6",
    "CD010123",
    "10.1002/14651858.CD010123.pub2",
    "",
    "pes",
    "x",
    "",
    "",
    "child health; integrated management of childhood illness; Cochrane review",
    "Children in low- and middle-income countries.",
    """Background: The IMCI strategy integrates case management of common childhood illnesses with
  health system improvements. Objectives: To evaluate its effects on mortality, nutrition and
  quality of care. Search and selection: Randomised and controlled studies in low- and
  middle-income countries. Main results: IMCI may reduce child mortality and improve care
  quality, but evidence is of low certainty. Authors' conclusions: Implementation strength
  varies and influences effects.""",
)

P(
    "Wolfe, Ingrid; Satherley, Rose-Marie; Scotney, Elizabeth; Newham, James; Lingam, Raghu",
    "Integrated care models and child health: a meta-analysis",
    "Pediatrics",
    "Pediatrics",
    2020,
    "145",
    "1",
    "e20183747",
    "10.1542/peds.2018-3747",
    "",
    "ps",
    "x",
    "",
    "",
    "child health; integrated care; meta-analysis",
    "Children; not older people.",
    """Context: Integrated care models are being developed for children. Objective: To assess
  their effects on health, service use and costs. Data sources and selection: Systematic
  searches for controlled studies of integrated care for children. Results: Integrated care
  improved some health outcomes and quality of life and reduced some hospital use, with
  heterogeneity across models. Conclusions: Integrated care can benefit children, but models
  and outcomes need clearer definition.""",
)

P(
    "Khincha, P. P.; Chauhan, V.; Ekwobi, C. C.",
    "COVID-19: the impetus for change--sustaining healthcare team communication in times of social distancing",
    "European Journal of Plastic Surgery",
    "Eur J Plast Surg",
    2020,
    "",
    "",
    "",
    "10.1007/s00238-020-01702-3",
    "",
    "s",
    "x",
    "",
    "",
    "COVID-19; team communication; surgery",
    "Hospital surgical team communication during COVID-19.",
    """This short report describes how a hospital plastic surgery department maintained team
  communication during COVID-19 social distancing rules. Virtual meetings and messaging
  replaced face-to-face handovers and teaching. The authors describe benefits for attendance
  and flexibility as well as problems with confidentiality, technology and informal
  interaction, and suggest that some changes should be kept after the pandemic.
  Lessons for other surgical teams are suggested.""",
)

P(
    "Braun, Virginia; Clarke, Victoria",
    "Reflecting on reflexive thematic analysis",
    "Qualitative Research in Sport, Exercise and Health",
    "Qual Res Sport Exerc Health",
    2019,
    "11",
    "4",
    "589-597",
    "10.1080/2159676X.2019.1628806",
    "",
    "s",
    "x",
    "",
    "",
    "thematic analysis; qualitative methods; reflexivity",
    "Methods paper.",
    """In this reflective essay the authors revisit their approach to thematic analysis and
  clarify what they now call reflexive thematic analysis. They discuss how themes are
  constructed by the researcher rather than emerging from data, the role of researcher
  subjectivity, and common misunderstandings such as treating themes as topic summaries or
  counting coding agreement. Implications for reporting qualitative research are discussed.""",
)

P(
    "Page, Matthew J.; McKenzie, Joanne E.; Bossuyt, Patrick M.; Boutron, Isabelle; Hoffmann, Tammy C.; Mulrow, Cynthia D.; Shamseer, Larissa; Tetzlaff, Jennifer M.; Akl, Elie A.; Brennan, Sue E.; Chou, Roger; Glanville, Julie; Grimshaw, Jeremy M.; Hróbjartsson, Asbjørn; Lalu, Manoj M.; Li, Tianjing; Loder, Elizabeth W.; Mayo-Wilson, Evan; McDonald, Steve; McGuinness, Luke A.; Stewart, Lesley A.; Thomas, James; Tricco, Andrea C.; Welch, Vivian A.; Whiting, Penny; Moher, David",
    "The PRISMA 2020 statement: an updated guideline for reporting systematic reviews",
    "BMJ",
    "BMJ",
    2021,
    "372",
    "",
    "n71",
    "10.1136/bmj.n71",
    "33782057",
    "pew",
    "x",
    "",
    "",
    "systematic reviews; reporting guideline; PRISMA",
    "Reporting guideline; methods paper.",
    """This paper presents an updated reporting guideline for systematic reviews. The update was
  developed through a review of existing guidance, a survey of methodologists and journal
  editors and consensus meetings. It provides a checklist of items for reporting the
  rationale, methods and results of reviews, an expanded checklist with more detail, and
  revised flow diagrams for new and updated reviews. The guideline replaces its 2009
  predecessor.""",
)

P(
    "O'Brien, Bridget C.; Harris, Ilene B.; Beckman, Thomas J.; Reed, Darcy A.; Cook, David A.",
    "Standards for reporting qualitative research: a synthesis of recommendations",
    "Academic Medicine",
    "Acad Med",
    2014,
    "89",
    "9",
    "1245-1251",
    "10.1097/ACM.0000000000000388",
    "24979285",
    "pes",
    "x",
    "",
    "",
    "qualitative research; reporting standards; SRQR",
    "Reporting standard; methods paper.",
    """Purpose: To develop standards for reporting qualitative research. Method: The authors
  searched for existing guidelines and recommendations, synthesised the items they contained
  and refined the list through iterative review. Results: The resulting standards comprise
  21 items covering the title, abstract, introduction, methods, results, discussion and other
  information. Conclusions: The standards aim to improve the transparency of qualitative
  research reports across paradigms.""",
)

P(
    "Moher, David; Shamseer, Larissa; Clarke, Mike; Ghersi, Davina; Liberati, Alessandro; Petticrew, Mark; Shekelle, Paul; Stewart, Lesley A.",
    "Preferred reporting items for systematic review and meta-analysis protocols (PRISMA-P) 2015 statement",
    "Systematic Reviews",
    "Syst Rev",
    2015,
    "4",
    "",
    "1",
    "10.1186/2046-4053-4-1",
    "25554246",
    "e",
    "x",
    "",
    "",
    "systematic review protocols; reporting guideline; PRISMA-P",
    "Reporting guideline for protocols; methods paper.",
    """Systematic review protocols help to reduce bias and duplication, yet their content is
  often incomplete. This statement sets out a checklist of items that should be included in a
  systematic review protocol, developed through a literature review, a survey and a consensus
  meeting. Items cover administrative information, introduction and methods. The authors
  encourage journals and funders to adopt the checklist.""",
)

P(
    "Tricco, Andrea C.; Lillie, Erin; Zarin, Wasifa; O'Brien, Kelly K.; Colquhoun, Heather; Levac, Danielle; Moher, David; Peters, Micah D. J.; Horsley, Tanya; Weeks, Laura; Hempel, Susanne; Akl, Elie A.; Chang, Christine; McGowan, Jessie; Stewart, Lesley; Hartling, Lisa; Aldcroft, Adrian; Wilson, Michael G.; Garritty, Chantelle; Lewin, Simon; Godfrey, Christina M.; Macdonald, Marilyn T.; Langlois, Etienne V.; Soares-Weiser, Karla; Moriarty, Jo; Clifford, Tammy; Tunçalp, Özge; Straus, Sharon E.",
    "PRISMA Extension for Scoping Reviews (PRISMA-ScR): checklist and explanation",
    "Annals of Internal Medicine",
    "Ann Intern Med",
    2018,
    "169",
    "7",
    "467-473",
    "10.7326/M18-0850",
    "30178033",
    "psw",
    "x",
    "",
    "",
    "scoping reviews; reporting guideline; PRISMA-ScR",
    "Reporting guideline; methods paper.",
    """Scoping reviews are increasingly used to map evidence, but their reporting has been
  inconsistent. An international expert panel developed a reporting checklist for scoping
  reviews using a modified Delphi process. The extension contains 20 essential and 2 optional
  items, with an explanation and examples for each. It is intended to improve the quality and
  transparency of scoping reviews.
  Its use by authors, peer reviewers and editors is encouraged.""",
)

P(
    "Wood, Elizabeth; Ohlsen, Sally; Ricketts, Thomas",
    "What are the barriers and facilitators to implementing Collaborative Care for depression? A systematic review",
    "Journal of Affective Disorders",
    "J Affect Disord",
    2017,
    "214",
    "",
    "26-43",
    "10.1016/j.jad.2017.02.028",
    "",
    "ps",
    "x",
    "",
    "",
    "collaborative care; depression; implementation; barriers",
    "Mental health only.",
    """Background: Collaborative care improves outcomes for depression but is not always
  implemented. Methods: Systematic review of studies reporting barriers and facilitators,
  synthesised with an implementation framework. Results: Facilitators included a
  care manager role, supervision and engagement of primary care clinicians; barriers included
  workload, funding, resistance to role change and poor communication between mental health
  and primary care staff. Limitations: Most studies were from the United States.""",
)

P(
    "Overbeck, Gritt; Davidsen, Annette Sofie; Kousgaard, Marius Brostrøm",
    "Enablers and barriers to implementing collaborative care for anxiety and depression: a systematic qualitative review",
    "Implementation Science",
    "Implement Sci",
    2016,
    "11",
    "1",
    "165",
    "10.1186/s13012-016-0519-y",
    "",
    "p",
    "x",
    "",
    "",
    "collaborative care; anxiety; depression; qualitative review",
    "Mental health only.",
    """Background: Collaborative care for anxiety and depression involves primary care
  clinicians, care managers and mental health specialists. Methods: Systematic review and
  thematic synthesis of qualitative studies of implementation. Results: Enablers included
  engaged staff, clear roles and supportive leadership; barriers included unclear
  responsibilities, lack of time, different professional priorities and unsupportive
  financial structures. Conclusions: Implementation requires changes to work routines and
  organisational support.""",
)

P(
    "Gonçalves-Bradley, Daniela C.; Lannin, Natasha A.; Clemson, Lindy M.; Cameron, Ian D.; Shepperd, Sasha",
    "Discharge planning from hospital",
    "Cochrane Database of Systematic Reviews",
    "Cochrane Database Syst Rev",
    2016,
    "",
    "1",
    "CD000313",
    "10.1002/14651858.CD000313.pub5",
    "",
    "s",
    "x",
    "",
    "",
    "discharge planning; hospital; Cochrane review",
    "Hospital discharge; hospital setting.",
    """Background: Discharge planning aims to reduce hospital length of stay and unplanned
  readmissions and to improve coordination of services after discharge. Objectives: To assess
  the effectiveness of individualised discharge plans. Selection criteria: Randomised trials
  comparing discharge planning with usual care. Main results: Discharge planning probably
  leads to small reductions in length of stay and readmissions for older people with medical
  conditions. Authors' conclusions: Effects on costs and health outcomes are uncertain.""",
)

P(
    "Shepperd, Sasha; Iliffe, Steve; Doll, Helen A.; Clarke, Mike J.; Kalra, Lalit; Wilson, Andrew D.; Gonçalves-Bradley, Daniela C.",
    "Admission avoidance hospital at home",
    "Cochrane Database of Systematic Reviews",
    "Cochrane Database Syst Rev",
    2016,
    "",
    "9",
    "CD007491",
    "10.1002/14651858.CD007491.pub2",
    "",
    "ps",
    "x",
    "",
    "",
    "hospital at home; admission avoidance; Cochrane review",
    "Hospital-level care at home; effectiveness review.",
    """Background: Admission avoidance hospital at home provides active treatment at home for a
  condition that would otherwise need hospital care. Objectives: To compare its effectiveness
  and costs with inpatient care. Selection criteria: Randomised trials in adults. Main
  results: Hospital at home probably makes little difference to mortality and may reduce
  admission to residential care, with higher patient satisfaction. Authors' conclusions: It is
  a reasonable alternative to admission for selected patients.""",
)

P(
    "Ellis, Graham; Gardner, Mike; Tsiachristas, Apostolos; Langhorne, Peter; Burke, Orlaith; Harwood, Rowan H.; Conroy, Simon P.; Kircher, Tilo; Somme, Dominique; Saltvedt, Ingvild; Wald, Heidi; O'Neill, Desmond; Robinson, David; Shepperd, Sasha",
    "Comprehensive geriatric assessment for older adults admitted to hospital",
    "Cochrane Database of Systematic Reviews",
    "Cochrane Database Syst Rev",
    2017,
    "",
    "9",
    "CD006211",
    "10.1002/14651858.CD006211.pub3",
    "",
    "s",
    "x",
    "",
    "",
    "comprehensive geriatric assessment; older adults; hospital; Cochrane review",
    "Hospital inpatients; hospital-only setting.",
    """Background: Comprehensive geriatric assessment is a multidimensional, interdisciplinary
  process for frail older people. Objectives: To assess its effectiveness for older adults
  admitted to hospital. Selection criteria: Randomised trials comparing assessment with usual
  care. Main results: Older people receiving assessment were more likely to be alive and in
  their own homes at follow-up, with little or no difference in mortality alone. Authors'
  conclusions: Assessment on admission is likely to benefit older people.""",
)

P(
    "Mitchell, Geoffrey K.; Burridge, Letitia; Zhang, Jianzhen; Donald, Maria; Scott, Ian A.; Dart, Jared; Jackson, Claire L.",
    "Systematic review of integrated models of health care delivered at the primary-secondary interface: how effective is it and what determines effectiveness?",
    "Australian Journal of Primary Health",
    "Aust J Prim Health",
    2015,
    "21",
    "4",
    "391-408",
    "10.1071/PY14172",
    "",
    "sw",
    "x",
    "",
    "",
    "integrated care; primary-secondary interface; systematic review",
    "Primary-secondary health care integration; no social care.",
    """Integrated models of care across primary and secondary health care are promoted for
  chronic disease. This systematic review of trials examined their effectiveness and the
  features associated with benefit. Integrated care improved some clinical outcomes and
  reduced admissions in some conditions. Effective models tended to include multidisciplinary
  teams, shared information systems and joint education. The review does not consider social
  care.""",
)

P(
    "Desmedt, Melissa; Vertriest, Sofie; Hellings, Johan; Bergs, Jochen; Dessers, Ezra; Vankrunkelsven, Patrik; Vrijhoef, Hubertus; Annemans, Lieven; Verhaeghe, Nick; Petrovic, Mirko; Vandijck, Dominique",
    "Economic impact of integrated care models for patients with chronic diseases: a systematic review",
    "Value in Health",
    "Value Health",
    2016,
    "19",
    "6",
    "892-902",
    "10.1016/j.jval.2016.05.001",
    "",
    "sw",
    "x",
    "",
    "",
    "economic evaluation; integrated care; chronic disease",
    "Economic outcomes review; no barriers.",
    """Objectives: To review economic evaluations of integrated care models for patients with
  chronic diseases. Methods: Systematic search for economic evaluations, with quality
  assessment and narrative synthesis. Results: Most studies reported cost savings or
  cost-effectiveness, but methods varied widely and many were of limited quality.
  Conclusions: Integrated care may be cost-effective, but more rigorous economic evaluation is
  required.
  Standardised reporting of costs is recommended.""",
)

P(
    "Davy, Carol; Bleasel, Jonathan; Liu, Hueiming; Tchan, Maria; Ponniah, Sharon; Brown, Alex",
    "Effectiveness of chronic care models: opportunities for improving healthcare practice and health outcomes: a systematic review",
    "BMC Health Services Research",
    "BMC Health Serv Res",
    2015,
    "15",
    "",
    "194",
    "10.1186/s12913-015-0854-8",
    "",
    "esw",
    "x",
    "",
    "",
    "chronic care model; effectiveness; systematic review",
    "Effectiveness of chronic care model; no social care integration.",
    """Background: The chronic care model is widely used to redesign care for people with chronic
  conditions. Methods: Systematic review of studies implementing the model's components.
  Results: Implementation of several components was associated with improved clinical
  outcomes, processes of care and some patient-reported outcomes. Conclusions: The model can
  improve care, although the combination of components that matters most is unclear.
  Implications for health service planners are discussed.""",
)

P(
    "Smith, Susan M.; Wallace, Emma; O'Dowd, Tom; Fortin, Martin",
    "Interventions for improving outcomes in patients with multimorbidity in primary care and community settings",
    "Cochrane Database of Systematic Reviews",
    "Cochrane Database Syst Rev",
    2016,
    "",
    "3",
    "CD006560",
    "10.1002/14651858.CD006560.pub3",
    "",
    "pes",
    "x",
    "",
    "",
    "multimorbidity; primary care; interventions; Cochrane review",
    "Effectiveness review of multimorbidity interventions.",
    """Background: Many people in primary care live with multimorbidity. Objectives: To determine
  the effectiveness of interventions designed to improve outcomes for them. Selection
  criteria: Randomised trials and controlled studies in primary care and community settings.
  Main results: Interventions, mainly organisational changes such as case management, had
  little effect on clinical outcomes, with possible small benefits when targeted at specific
  risk factors. Authors' conclusions: Targeted interventions may be more effective.""",
)

P(
    "Hudon, Catherine; Chouinard, Maud-Christine; Lambert, Mireille; Diadiou, Fatoumata; Bouliane, Danielle; Beaudin, Jérémie",
    "Key factors of case management interventions for frequent users of healthcare services: a thematic analysis review",
    "BMJ Open",
    "BMJ Open",
    2017,
    "7",
    "10",
    "e017762",
    "10.1136/bmjopen-2017-017762",
    "",
    "s",
    "x",
    "",
    "",
    "case management; frequent users; thematic analysis review",
    "Frequent users of health care; not older people or social care integration.",
    """Objective: To identify key factors of case management for frequent users of healthcare
  services. Design: Thematic analysis review of studies describing case management
  interventions. Results: Factors related to the identification of patients, the intensity of
  the intervention, the skills of case managers and the links they made with other services,
  including community and social services. Conclusions: The review offers guidance for
  designing case management for frequent users.""",
)

P(
    "Brewster, Amanda L.; Kunkel, Suzanne; Straker, Jane; Curry, Leslie A.",
    "Cross-sectoral partnerships by Area Agencies on Aging: associations with health care use and spending",
    "Health Affairs",
    "Health Aff (Millwood)",
    2018,
    "37",
    "1",
    "15-21",
    "10.1377/hlthaff.2017.1346",
    "",
    "pesa",
    "x",
    "",
    "",
    "Area Agencies on Aging; partnerships; health care spending; United States",
    "US cross-sectional association study; no barriers.",
    """Area Agencies on Aging coordinate social services for older people in the United States.
  This study linked a national survey of the agencies to Medicare data and examined whether
  partnerships with health care organisations were associated with health care use and
  spending. Areas whose agencies had more partnerships had lower avoidable nursing home use
  and lower spending. The authors suggest that cross-sector partnerships may benefit older
  adults.""",
)

P(
    "Brewster, Amanda L.; Yuan, Christina T.; Tan, Annabel X.; Tangoren, Carolyn G.; Curry, Leslie A.",
    "Collaboration in health care and social service networks for older adults: association with health care utilization measures",
    "Medical Care",
    "Med Care",
    2019,
    "57",
    "5",
    "327-333",
    "10.1097/MLR.0000000000001097",
    "",
    "psw",
    "x",
    "",
    "",
    "collaboration; social services; older adults; networks; utilisation",
    "Quantitative network-utilisation association study; no barriers.",
    """Background: Collaboration between health care and social service organisations may improve
  outcomes for older adults. Objectives: To examine whether network collaboration is
  associated with health care use. Research design: Cross-sectional study of health and
  social service networks in several US regions, linked to Medicare data. Results: Denser
  collaboration was associated with lower rates of some avoidable use. Conclusions: Networks
  spanning health and social services may be worth supporting.""",
)

P(
    "Taylor, Lauren A.; Tan, Annabel Xulin; Coyle, Caitlin E.; Ndumele, Chima; Rogan, Erika; Canavan, Maureen; Curry, Leslie A.; Bradley, Elizabeth H.",
    "Leveraging the social determinants of health: what works?",
    "PLoS One",
    "PLoS One",
    2016,
    "11",
    "8",
    "e0160217",
    "10.1371/journal.pone.0160217",
    "",
    "sw",
    "x",
    "",
    "",
    "social determinants of health; social services; systematic review",
    "Social interventions and health outcomes; not integration.",
    """Background: Investments in social services may improve health. Methods: Systematic review
  of studies of the effects of social service interventions, such as housing, income support
  and nutrition, on health outcomes and costs in the United States. Results: Some
  interventions, notably housing support, were associated with improved outcomes and reduced
  costs, but evidence was uneven. Conclusions: More evidence is needed to guide investment.""",
)

P(
    "Bradley, Elizabeth H.; Canavan, Maureen; Rogan, Erika; Talbert-Slagle, Kristina; Ndumele, Chima; Taylor, Lauren; Curry, Leslie A.",
    "Variation in health outcomes: the role of spending on social services, public health, and health care, 2000-09",
    "Health Affairs",
    "Health Aff (Millwood)",
    2016,
    "35",
    "5",
    "760-768",
    "10.1377/hlthaff.2015.0814",
    "",
    "ps",
    "x",
    "",
    "",
    "social spending; health outcomes; United States; panel data",
    "Spending and outcomes; not integration.",
    """Using state-level panel data for the United States, this study examined whether the balance
  of spending between social services, public health and health care was associated with
  health outcomes. States that spent relatively more on social services and public health had
  better outcomes on several measures, including adult obesity and mortality from some
  conditions. The findings support attention to social spending in health policy.""",
)

P(
    "Alderwick, Hugh; Gottlieb, Laura M.",
    "Meanings and misunderstandings: a social determinants of health lexicon for health care systems",
    "The Milbank Quarterly",
    "Milbank Q",
    2019,
    "97",
    "2",
    "407-419",
    "10.1111/1468-0009.12390",
    "",
    "e",
    "x",
    "",
    "",
    "social determinants of health; terminology; health systems",
    "Conceptual commentary.",
    """Health care systems increasingly talk about addressing social determinants of health, but
  terms are used inconsistently. This article proposes a lexicon distinguishing social
  determinants, social risk factors and social needs, and activities such as social care and
  social needs screening. The authors argue that clearer language will help health systems
  set realistic goals and work with other sectors.
  Examples from United States health systems illustrate the terms.""",
)

P(
    "Leijten, Fenna R. M.; Struckmann, Verena; van Ginneken, Ewout; Czypionka, Thomas; Kraus, Markus; Reiss, Miriam; Tsiachristas, Apostolos; Boland, Melinde; de Bont, Antoinette; Bal, Roland; Busse, Reinhard; Rutten-van Mölken, Maureen",
    "The SELFIE framework for integrated care for multi-morbidity: development and description",
    "Health Policy",
    "Health Policy",
    2018,
    "122",
    "1",
    "12-22",
    "10.1016/j.healthpol.2017.06.002",
    "",
    "s",
    "x",
    "",
    "",
    "conceptual framework; multimorbidity; integrated care",
    "Framework development; no barrier data.",
    """This paper describes the development of a conceptual framework for integrated care for
  people with multimorbidity within a European project. The framework was built from
  literature, expert input and stakeholder workshops, and places the person and their
  environment at the centre, surrounded by components of service delivery, leadership,
  workforce, financing, technology and information. It is intended to guide the description
  and evaluation of integrated care programmes.""",
)

P(
    "Conroy, Simon Paul; Ansari, Kay; Williams, Mark; Laithwaite, Emma; Teasdale, Bryan; Dawson, Jennifer; Mason, Suzanne; Banerjee, Jay",
    "A controlled evaluation of comprehensive geriatric assessment in the emergency department: the 'Emergency Frailty Unit'",
    "Age and Ageing",
    "Age Ageing",
    2014,
    "43",
    "1",
    "109-114",
    "",
    "",
    "pes",
    "x",
    "",
    "",
    "frailty; emergency department; comprehensive geriatric assessment",
    "Emergency department; hospital setting.",
    """Background: Frail older people are at risk of poor outcomes after emergency attendance.
  Objective: To evaluate an emergency frailty unit providing comprehensive geriatric
  assessment. Design: Controlled before-and-after study in an English teaching hospital.
  Results: Introduction of the unit was associated with fewer admissions from the emergency
  department and lower readmission rates without increased mortality. Conclusion: Early
  geriatric assessment in the emergency department may improve outcomes.""",
)

P(
    "Coventry, Peter; Lovell, Karina; Dickens, Chris; Bower, Peter; Chew-Graham, Carolyn; McElvenny, Damien; Hann, Mark; Cherrington, Andrea; Garrett, Charlotte; Gibbons, Chris J.; Baguley, Clare; Roughley, Kate; Adeyemi, Isabel; Reeves, David; Waheed, Waquas; Gask, Linda",
    "Integrated primary care for patients with mental and physical multimorbidity: cluster randomised controlled trial of collaborative care for patients with depression comorbid with diabetes or cardiovascular disease",
    "BMJ",
    "BMJ",
    2015,
    "350",
    "",
    "h638",
    "10.1136/bmj.h638",
    "",
    "psw",
    "x",
    "",
    "",
    "collaborative care; depression; diabetes; cluster randomised trial",
    "Mental health collaborative care trial.",
    """Objective: To test whether collaborative care improves depression in people with diabetes
  or coronary heart disease. Design: Cluster randomised controlled trial in general practices
  in north west England. Intervention: Case managers delivered psychological support in
  collaboration with practice staff. Results: Depression scores improved modestly more than
  with usual care, with better self-management. Conclusions: Integrated collaborative care can
  be delivered in primary care for people with multimorbidity.""",
)

P(
    "Oishi, Ai; Murtagh, Fliss E. M.",
    "The challenges of uncertainty and interprofessional collaboration in palliative care for non-cancer patients in the community: a systematic review of views from patients, carers and health-care professionals",
    "Palliative Medicine",
    "Palliat Med",
    2014,
    "28",
    "9",
    "1081-1098",
    "10.1177/0269216314531999",
    "",
    "pecw",
    "x",
    "",
    "",
    "palliative care; non-cancer; interprofessional collaboration; community",
    "Palliative care, health professionals only.",
    """Background: People with advanced non-cancer conditions often receive palliative care in the
  community. Aim: To review views of patients, carers and professionals on its challenges.
  Design: Systematic review of qualitative and quantitative studies. Results: Uncertain
  prognosis made planning difficult, and collaboration between general practitioners,
  specialists and community nurses was hindered by unclear roles and poor communication.
  Conclusion: Better interprofessional working is needed for non-cancer palliative care.""",
)

P(
    "Damarell, Raechel A.; Morgan, Deidre D.; Tieman, Jennifer J.",
    "General practitioner strategies for managing patients with multimorbidity: a systematic review and thematic synthesis of qualitative research",
    "BMC Family Practice",
    "BMC Fam Pract",
    2020,
    "21",
    "1",
    "131",
    "10.1186/s12875-020-01197-8",
    "",
    "sw",
    "x",
    "",
    "",
    "multimorbidity; general practice; qualitative synthesis",
    "GP clinical management only; no social care integration.",
    """Background: General practitioners manage growing numbers of patients with multimorbidity.
  Methods: Systematic review and thematic synthesis of qualitative studies of GP strategies.
  Results: GPs prioritised problems, negotiated with patients, relied on continuity and
  worked around guidelines designed for single diseases; system constraints such as short
  appointments limited these strategies. Conclusions: Health systems should support the
  generalist skills GPs use for multimorbidity.""",
)

P(
    "Bunn, Frances; Burn, Anne-Marie; Goodman, Claire; Robinson, Louise; Rait, Greta; Norton, Sam; Bennett, Holly; Poole, Marie; Schoeman, Johan; Brayne, Carol",
    "Comorbidity and dementia: a mixed-method study on improving health care for people with dementia (CoDem)",
    "Health Services and Delivery Research",
    "Health Serv Deliv Res",
    2016,
    "4",
    "8",
    "",
    "10.3310/hsdr04080",
    "",
    "p",
    "x",
    "",
    "",
    "dementia; comorbidity; continuity of care; mixed methods",
    "Clinical care for comorbidity in dementia; health services only.",
    """Background: People with dementia often have other long-term conditions. Objectives: To
  explore how health services support people with dementia and comorbidity. Design: Mixed
  methods, including a scoping review, analysis of primary care data and qualitative
  interviews. Results: Dementia complicated the management of other conditions; continuity,
  carer involvement and adapted appointments helped. Conclusions: Services should be
  organised around the person rather than single diseases.""",
)

P(
    "Busetto, Loraine; Luijkx, Katrien G.; Elissen, Arianne Mathilda Josephus; Vrijhoef, Hubertus Johannes Maria",
    "Context, mechanisms and outcomes of integrated care for diabetes mellitus type 2: a systematic review",
    "BMC Health Services Research",
    "BMC Health Serv Res",
    2016,
    "16",
    "",
    "18",
    "10.1186/s12913-015-1231-3",
    "",
    "pes",
    "x",
    "",
    "",
    "diabetes; integrated care; context; systematic review",
    "Diabetes-specific integrated care.",
    """Background: Integrated care is promoted for type 2 diabetes. Methods: Systematic review of
  studies describing the context, mechanisms and outcomes of integrated diabetes care.
  Results: Interventions commonly included self-management support and delivery system
  redesign; outcomes were mostly positive but context was poorly described. Conclusions:
  Better reporting of context is needed to understand how integrated diabetes care works.
  A framework for describing context is proposed.""",
)

P(
    "Zonneveld, Nick; Driessen, Nienke; Stüssgen, René A. J.; Minkman, Mirella M. N.",
    "Values of integrated care: a systematic review",
    "International Journal of Integrated Care",
    "Int J Integr Care",
    2018,
    "18",
    "4",
    "9",
    "",
    "",
    "p",
    "x",
    "",
    "",
    "values; integrated care; systematic review",
    "Values of integrated care; conceptual.",
    """Introduction: Values guide how people and organisations work together in integrated care.
  Methods: Systematic review of literature describing values of integrated care, with
  thematic analysis. Results: A set of values was identified, including person-centredness,
  collaboration, shared responsibility, transparency and trust, at the levels of care,
  organisation and system. Conclusions: Making values explicit may support collaboration.
  The values were mapped onto an existing integrated care framework.""",
)

P(
    "Hammond, Jonathan; Lorne, Colin; Coleman, Anna; Allen, Pauline; Mays, Nicholas; Dam, Rinita; Mason, Thomas; Checkland, Kath",
    "The spatial politics of place and health policy: exploring sustainability and transformation plans in the English NHS",
    "Social Science & Medicine",
    "Soc Sci Med",
    2017,
    "190",
    "",
    "217-226",
    "10.1016/j.socscimed.2017.08.007",
    "",
    "psa",
    "x",
    "",
    "",
    "sustainability and transformation plans; NHS; place; health policy",
    "Health policy geography; no focus on older people or primary-social care.",
    """This paper examines the sustainability and transformation plans introduced across England
  in 2016, which required NHS organisations and local authorities to plan services for defined
  geographical footprints. Drawing on documents and interviews, the authors show how these
  footprints were constructed and contested, and how place was used to frame policy problems.
  They discuss implications for accountability and local democracy.
  The analysis draws on documents from several footprints.""",
)

P(
    "Trankle, Steven A.; Usherwood, Tim; Abbott, Penelope; Roberts, Marlene; Crampton, Mark; Girgis, Christine M.; Riskallah, John; Chang, Yvonne; Saini, Jaspreet; Reath, Jennifer",
    "Integrating health care in Australia: a qualitative evaluation",
    "BMC Health Services Research",
    "BMC Health Serv Res",
    2019,
    "19",
    "1",
    "954",
    "10.1186/s12913-019-4780-z",
    "",
    "pc",
    "x",
    "",
    "",
    "integrated care; Australia; general practice; hospital; qualitative",
    "Primary-hospital health care integration; no social care; screeners disagreed, consensus exclude.",
    """Background: An Australian program sought to integrate care between general practices and
  hospital services for people with chronic conditions. Methods: Qualitative evaluation with
  interviews of patients, GPs, practice staff and hospital clinicians. Results: Participants
  valued improved communication and access to specialist advice; barriers included
  incompatible IT systems, workload and funding models. Conclusions: Integration between
  primary and hospital care needs supportive infrastructure.""",
)

P(
    "Sheaff, Rod; Brand, Sarah L.; Lloyd, Helen; Wanner, Amanda; Fornasiero, Mauro; Briscoe, Simon; Valderas, Jose M.; Byng, Richard; Pearson, Mark",
    "From programme theory to logic models for multispecialty community providers: a realist evidence synthesis",
    "Health Services and Delivery Research",
    "Health Serv Deliv Res",
    2018,
    "6",
    "24",
    "",
    "10.3310/hsdr06240",
    "",
    "p",
    "x",
    "",
    "",
    "realist synthesis; multispecialty community providers; logic models",
    "Logic models for new care models; not focused on social care or older people.",
    """Background: Multispecialty community providers were a new care model in England. Objective:
  To develop logic models explaining how they might achieve their aims. Methods: Realist
  evidence synthesis of literature on the model's components. Results: Logic models were
  produced for components such as care coordination, case management and extended primary
  care teams, with the conditions under which they might work. Conclusions: The models can
  inform local planning and evaluation.""",
)

P(
    "McGregor, Joanne; Mercer, Stewart W.; Harris, Fiona M.",
    "Health benefits of primary care social work for adults with complex health and social needs: a systematic review",
    "Health & Social Care in the Community",
    "Health Soc Care Community",
    2018,
    "26",
    "1",
    "1-13",
    "10.1111/hsc.12337",
    "",
    "cwa",
    "x",
    "",
    "",
    "social work; primary care; complex needs; systematic review",
    "Health outcomes of social work in primary care; effectiveness, not barriers.",
    """This systematic review examined the health benefits of social work interventions delivered
  in primary care for adults with complex health and social needs. Controlled studies were
  identified and outcomes summarised. Social work interventions showed some benefits for
  mental health and quality of life, but studies were few and varied in quality. The authors
  call for better evaluation of social work roles in primary care.""",
)

P(
    "Valentijn, Pim P.; Schepman, Sanneke M.; Opheij, Wilfrid; Bruijnzeels, Marc A.",
    "Understanding integrated care: a comprehensive conceptual framework based on the integrative functions of primary care",
    "International Journal of Integrated Care",
    "Int J Integr Care",
    2013,
    "13",
    "",
    "e010",
    "10.5334/ijic.886",
    "",
    "c",
    "x",
    "",
    "",
    "conceptual framework; primary care; integrated care",
    "Conceptual framework; published 2013.",
    """Introduction: Integrated care lacks a shared conceptual basis. Theory and methods: The
  authors combined the integrative functions of primary care with concepts from the
  integrated care literature. Results: The framework distinguishes clinical, professional,
  organisational and system integration at micro, meso and macro levels, linked by functional
  and normative integration. Conclusions: The framework can guide the design and study of
  integrated primary care.""",
)

P(
    "Wallace, Emma; Salisbury, Chris; Guthrie, Bruce; Lewis, Cliona; Fahey, Tom; Smith, Susan M.",
    "Managing patients with multimorbidity in primary care",
    "BMJ",
    "BMJ",
    2015,
    "350",
    "",
    "h176",
    "10.1136/bmj.h176",
    "",
    "ps",
    "x",
    "",
    "",
    "multimorbidity; primary care; clinical review",
    "Clinical review for GPs; no integration with social care.",
    """This clinical review summarises how general practitioners can manage patients with
  several chronic conditions. It discusses identifying patients who would benefit from a
  tailored approach, reviewing treatment burden and polypharmacy, agreeing priorities with
  patients and coordinating care between clinicians. Evidence for specific interventions is
  summarised as limited. The article is aimed at clinicians and reports no new research.
  Practical questions for consultations are suggested.""",
)

P(
    "Salisbury, Chris; Man, Mei-See; Bower, Peter; Guthrie, Bruce; Chaplin, Katherine; Gaunt, Daisy M.; Brookes, Sara; Fitzpatrick, Bridie; Gardner, Caroline; Hollinghurst, Sandra; Lee, Victoria; McLeod, John; Mann, Cindy; Moffat, Keith R.; Mercer, Stewart W.",
    "Management of multimorbidity using a patient-centred care model: a pragmatic cluster-randomised trial of the 3D approach",
    "The Lancet",
    "Lancet",
    2018,
    "392",
    "10141",
    "41-50",
    "10.1016/S0140-6736(18)31308-4",
    "",
    "ps",
    "x",
    "",
    "",
    "multimorbidity; patient-centred care; cluster randomised trial; general practice",
    "Trial of a general practice intervention; no social care integration.",
    """Background: Care for people with multimorbidity is often fragmented. Methods: Pragmatic
  cluster-randomised trial in general practices in England and Scotland of the 3D approach,
  which replaced disease-focused reviews with comprehensive, patient-centred reviews.
  Findings: The intervention did not improve quality of life, but patients reported more
  patient-centred care. Interpretation: Patient-centred reviews improved experience without
  measurable effects on health outcomes.
  Costs were similar between groups.""",
)

P(
    "Hoogendijk, Emiel O.; Afilalo, Jonathan; Ensrud, Kristine E.; Kowal, Paul; Onder, Graziano; Fried, Linda P.",
    "Frailty: implications for clinical practice and public health",
    "The Lancet",
    "Lancet",
    2019,
    "394",
    "10206",
    "1365-1375",
    "10.1016/S0140-6736(19)31786-6",
    "",
    "pes",
    "x",
    "",
    "",
    "frailty; older adults; clinical practice; public health",
    "Narrative review of frailty; not integration.",
    """This review, part of a series on frailty, summarises how frailty is defined and measured,
  how common it is in different populations and settings, and what it implies for clinical
  practice and public health. The authors discuss screening in primary care and hospitals,
  the use of frailty to guide treatment decisions, and population strategies to prevent or
  delay frailty.
  Gaps in evidence and research priorities are identified.""",
)

P(
    "Dent, Elsa; Martin, Finbarr C.; Bergman, Howard; Woo, Jean; Romero-Ortuno, Roman; Walston, Jeremy D.",
    "Management of frailty: opportunities, challenges, and future directions",
    "The Lancet",
    "Lancet",
    2019,
    "394",
    "10206",
    "1376-1386",
    "10.1016/S0140-6736(19)31785-4",
    "",
    "ps",
    "x",
    "",
    "",
    "frailty; management; older adults; review",
    "Clinical management of frailty; not integration.",
    """This review discusses the management of frailty in older adults. It summarises evidence on
  exercise, nutrition, medication review and comprehensive geriatric assessment, and considers
  how services could be organised to identify and support frail people in the community and
  in hospital. Challenges include heterogeneous definitions and limited trial evidence. Future
  research priorities are proposed.
  The role of multicomponent interventions is highlighted.""",
)

P(
    "Turner, Gill; Clegg, Andrew",
    "Best practice guidelines for the management of frailty: a British Geriatrics Society, Age UK and Royal College of General Practitioners report",
    "Age and Ageing",
    "Age Ageing",
    2014,
    "43",
    "6",
    "744-747",
    "10.1093/ageing/afu138",
    "",
    "s",
    "x",
    "",
    "",
    "frailty; guidelines; community care; older people",
    "Guidance summary; not a study.",
    """This report summarises guidance produced by three UK organisations on recognising and
  managing frailty in community and outpatient settings. It recommends that frailty be
  identified during routine encounters, that older people with frailty receive a
  comprehensive assessment and an individualised care and support plan, and that health and
  social care services work together. No new data are presented.
  Good practice examples are included.""",
)

P(
    "Stow, Daniel; Matthews, Fiona E.; Barclay, Stephen; Iliffe, Steve; Clegg, Andrew; De Biase, Sarah; Robinson, Louise; Hanratty, Barbara",
    "Evaluating frailty scores to predict mortality in older adults using data from population based electronic health records: case control study",
    "Age and Ageing",
    "Age Ageing",
    2018,
    "47",
    "4",
    "564-569",
    "10.1093/ageing/afy022",
    "",
    "ps",
    "x",
    "",
    "",
    "frailty; mortality; electronic health records; case-control",
    "Frailty prediction; not integration.",
    """Background: Frailty scores derived from electronic records may help identify older people
  nearing the end of life. Methods: Case-control study using primary care records of older
  adults who died and matched controls. Results: Frailty scores rose in the months before
  death, and change in frailty predicted mortality better than a single measurement.
  Conclusion: Tracking frailty over time may help plan end-of-life care.""",
)

P(
    "Hanlon, Peter; Nicholl, Barbara I.; Jani, Bhautesh Dinesh; Lee, Duncan; McQueenie, Ross; Mair, Frances S.",
    "Frailty and pre-frailty in middle-aged and older adults and its association with multimorbidity and mortality: a prospective analysis of 493 737 UK Biobank participants",
    "The Lancet Public Health",
    "Lancet Public Health",
    2018,
    "3",
    "7",
    "e323-e332",
    "10.1016/S2468-2667(18)30091-4",
    "",
    "pw",
    "x",
    "",
    "",
    "frailty; multimorbidity; UK Biobank; mortality",
    "Epidemiology of frailty; not integration.",
    """Background: Frailty is usually studied in older people. Methods: Prospective analysis of
  UK Biobank participants aged 37 to 73 years, classifying frailty with a phenotype model and
  relating it to multimorbidity and mortality. Findings: Frailty and pre-frailty were common
  even in middle age, were associated with multimorbidity and predicted mortality across age
  groups. Interpretation: Frailty should be considered in middle-aged people with
  multimorbidity.""",
)

P(
    "Pefoyo, Anna J. Koné; Bronskill, Susan E.; Gruneir, Andrea; Calzavara, Andrew; Thavorn, Kednapa; Petrosyan, Yelena; Maxwell, Colleen J.; Bai, YuQing; Wodchis, Walter P.",
    "The increasing burden and complexity of multimorbidity",
    "BMC Public Health",
    "BMC Public Health",
    2015,
    "15",
    "",
    "415",
    "10.1186/s12889-015-1733-2",
    "",
    "sw",
    "x",
    "",
    "",
    "multimorbidity; prevalence; health care use; Ontario",
    "Epidemiology of multimorbidity.",
    """Background: Multimorbidity is increasingly common. Methods: Population-based study using
  linked health administrative data for Ontario, Canada, over a decade, measuring the
  prevalence of multimorbidity and associated health care use. Results: The prevalence of
  multimorbidity increased over time in all age groups and was associated with greater use of
  physician, hospital and home care services. Conclusions: Health systems must plan for
  growing complexity.""",
)

P(
    "Rocks, Stephen; Berntson, Dagny; Gil-Salmerón, Alejandro; Kadu, Mudathira; Ehrenberg, Nils; Stein, Viktoria; Tsiachristas, Apostolos",
    "Cost and effects of integrated care: a systematic literature review and meta-analysis",
    "The European Journal of Health Economics",
    "Eur J Health Econ",
    2020,
    "21",
    "8",
    "1211-1221",
    "10.1007/s10198-020-01217-5",
    "",
    "s",
    "x",
    "",
    "",
    "integrated care; costs; meta-analysis; economic evaluation",
    "Cost and effect review; no barriers.",
    """Integrated care is expected to improve outcomes and reduce costs. This systematic review and
  meta-analysis pooled studies reporting both costs and effects of integrated care
  interventions. Effects on quality of life and costs were small and varied across settings
  and populations, with greater uncertainty for older people with complex needs. The authors
  conclude that cost savings should not be the main rationale for integration.""",
)

P(
    "Young, John; Gladman, John R. F.; Forsyth, Duncan R.; Holditch, Claire",
    "The second National Audit of Intermediate Care",
    "Age and Ageing",
    "Age Ageing",
    2015,
    "44",
    "2",
    "182-184",
    "",
    "",
    "es",
    "x",
    "",
    "",
    "intermediate care; audit; older people",
    "Service audit; not an integration study.",
    """Intermediate care services in England support older people after hospital discharge or to
  avoid admission, and are delivered by health and social care. This short report summarises
  the second national audit of these services, covering capacity, waiting times, staffing and
  outcomes. Capacity remained about half of that estimated to be needed and waiting times for
  some services were long. The authors argue that the sector needs investment.""",
)

P(
    "Goodman, Claire; Dening, Tom; Gordon, Adam L.; Davies, Sue L.; Meyer, Julienne; Martin, Finbarr C.; Gladman, John R. F.; Bowman, Clive; Victor, Christina; Handley, Melanie; Gage, Heather; Iliffe, Steve; Zubair, Maria",
    "Effective health care for older people living and dying in care homes: a realist review",
    "BMC Health Services Research",
    "BMC Health Serv Res",
    2016,
    "16",
    "",
    "269",
    "10.1186/s12913-016-1493-4",
    "27422733",
    "psw",
    "x",
    "",
    "",
    "care homes; realist review; older people; health care delivery",
    "Screeners disagreed; consensus exclude: health service delivery to care homes, no barriers to primary-social care integration.",
    """Background: Care home residents have complex health needs and receive care from a range of
  health services. Methods: Realist review of evidence on how health care is delivered to care
  homes. Results: Approaches that worked combined dedicated health care staff, structured
  processes for assessment and review, and relationships that valued care home staff
  knowledge; financial incentives alone were insufficient. Conclusions: The review identifies
  mechanisms for effective health care provision in care homes.""",
)

P(
    "Gordon, Adam Lee; Franklin, Matthew; Bradshaw, Lucy; Logan, Pip; Elliott, Rachel; Gladman, John R. F.",
    "Health status of UK care home residents: a cohort study",
    "Age and Ageing",
    "Age Ageing",
    2014,
    "43",
    "1",
    "97-103",
    "10.1093/ageing/aft077",
    "",
    "psw",
    "x",
    "",
    "",
    "care homes; health status; cohort study; older people",
    "Health status cohort; not integration.",
    """Background: Little is known about the health of UK care home residents. Methods: Cohort
  study of residents in care homes in the East Midlands, with assessment of diagnoses,
  medication, cognition, function and quality of life, followed up over six months.
  Results: Residents had high levels of dependency, cognitive impairment and multimorbidity,
  and many took numerous medications; mortality was high. Conclusions: Care home residents
  need coordinated geriatric health care.""",
)

P(
    "Watkins, Johnathan; Wulaningsih, Wahyu; Da Zhou, Charlie; Marshall, Dominic C.; Sylianteng, Guia D. C.; Dela Rosa, Phyllis G.; Miguel, Viveka A.; Raine, Rosalind; King, Lawrence P.; Maruthappu, Mahiben",
    "Effects of health and social care spending constraints on mortality in England: a time trend analysis",
    "BMJ Open",
    "BMJ Open",
    2017,
    "7",
    "11",
    "e017722",
    "10.1136/bmjopen-2017-017722",
    "",
    "cs",
    "x",
    "",
    "",
    "social care spending; mortality; austerity; time trend",
    "Spending and mortality analysis; not integration.",
    """Objective: To examine whether constraints on health and social care spending in England
  were associated with changes in mortality. Design: Time trend analysis of national
  mortality and spending data. Results: Slower growth in spending after 2010 was associated
  with excess deaths, particularly among older people and care home residents, and changes
  in social care spending and nurse numbers were related to mortality trends. Conclusions:
  Spending constraints may have affected mortality.""",
)

P(
    "Hiam, Lucinda; Harrison, Danny; McKee, Martin; Dorling, Danny",
    "Why is life expectancy in England and Wales 'stalling'?",
    "Journal of Epidemiology and Community Health",
    "J Epidemiol Community Health",
    2018,
    "72",
    "5",
    "404-408",
    "10.1136/jech-2017-210401",
    "",
    "esw",
    "x",
    "",
    "",
    "life expectancy; mortality; England; austerity",
    "Population mortality trends; not integration.",
    """Improvements in life expectancy in England and Wales slowed after about 2011. This essay
  examines possible explanations, including influenza, the end of gains in cardiovascular
  mortality, data artefacts and the effects of constraints on health and social care. The
  authors argue that cuts to social care and pressures on the NHS deserve closer
  investigation as contributors to the slowdown among older people.""",
)

P(
    "Croxson, Caroline H. D.; Ashdown, Helen F.; Hobbs, F. D. Richard",
    "GPs' perceptions of workload in England: a qualitative interview study",
    "British Journal of General Practice",
    "Br J Gen Pract",
    2017,
    "67",
    "655",
    "e138-e147",
    "10.3399/bjgp17X688849",
    "",
    "ew",
    "x",
    "",
    "",
    "general practice; workload; qualitative; job satisfaction",
    "GP workload; no social care integration.",
    """Background: General practitioners in England report rising workload. Aim: To explore how
  GPs perceive their workload and its effects. Method: Qualitative interviews with GPs in
  England. Results: GPs described increasing volume and complexity of work, including work
  transferred from hospitals, rising patient expectations and administration, which reduced
  time with patients and job satisfaction. Conclusion: Workload threatens the sustainability
  of general practice.""",
)

P(
    "Doran, Natasha; Fox, Fiona; Rodham, Karen; Taylor, Gordon; Harris, Michael",
    "Lost to the NHS: a mixed methods study of why GPs leave practice early in England",
    "British Journal of General Practice",
    "Br J Gen Pract",
    2016,
    "66",
    "643",
    "e128-e135",
    "10.3399/bjgp16X683425",
    "",
    "pcs",
    "x",
    "",
    "",
    "general practitioners; workforce; retention; mixed methods",
    "GP retention; not integration.",
    """Background: Many general practitioners leave practice before retirement age. Aim: To
  understand why. Method: Mixed methods, including a survey of GPs who had recently left or
  planned to leave and qualitative interviews. Results: Reasons included workload,
  organisational change, regulation and loss of professional autonomy, with feelings of being
  undervalued. Conclusion: Retention policies should address working conditions.
  Some leavers would consider returning under different conditions.""",
)

P(
    "Owen, Katherine; Hopkins, Tom; Shortland, Thomas; Dale, Jeremy",
    "GP retention in the UK: a worsening crisis. Findings from a cross-sectional survey",
    "BMJ Open",
    "BMJ Open",
    2019,
    "9",
    "2",
    "e026048",
    "10.1136/bmjopen-2018-026048",
    "",
    "pcs",
    "x",
    "",
    "",
    "general practice; retention; workforce; survey",
    "GP workforce survey; not integration.",
    """Objectives: To assess intentions to leave general practice and associated factors.
  Design: Cross-sectional survey of GPs in a region of England. Results: A large proportion
  intended to leave or reduce clinical hours within five years, citing workload, stress and
  administrative burden. Conclusions: Intentions to quit have increased since earlier
  surveys, and measures to improve retention are urgent.
  Findings are compared with national workforce data.""",
)

P(
    "Reeves, Scott; Pelone, Ferruccio; Harrison, Reema; Goldman, Joanne; Zwarenstein, Merrick",
    "Interprofessional collaboration to improve professional practice and healthcare outcomes",
    "Cochrane Database of Systematic Reviews",
    "Cochrane Database Syst Rev",
    2017,
    "",
    "6",
    "CD000072",
    "10.1002/14651858.CD000072.pub3",
    "",
    "p",
    "x",
    "",
    "",
    "interprofessional collaboration; Cochrane review; health care outcomes",
    "Interprofessional collaboration among health professionals; not social care.",
    """Background: Poor collaboration between health professionals can harm patient care.
  Objectives: To assess the effects of practice-based interventions designed to improve
  interprofessional collaboration. Selection criteria: Randomised trials of such interventions
  in health care settings. Main results: Interventions such as multidisciplinary rounds and
  meetings may slightly improve functional status, adherence and use of resources, but
  evidence is of low certainty. Authors' conclusions: More research is needed.""",
)

P(
    "Supper, Irène; Catala, Olivier; Lustman, Matthieu; Chemla, Cyrille; Bourgueil, Yann; Letrilliart, Laurent",
    "Interprofessional collaboration in primary health care: a review of facilitators and barriers perceived by involved actors",
    "Journal of Public Health",
    "J Public Health (Oxf)",
    2015,
    "37",
    "4",
    "716-727",
    "10.1093/pubmed/fdu102",
    "",
    "pesw",
    "x",
    "",
    "",
    "interprofessional collaboration; primary care; barriers; facilitators",
    "Screeners disagreed; consensus exclude: collaboration within primary health care teams, no social care.",
    """Background: Interprofessional collaboration is central to primary health care. Methods:
  Review of qualitative and mixed-methods studies reporting facilitators and barriers as
  perceived by professionals and patients. Results: Factors concerned the team (shared values,
  knowledge of roles, trust, leadership), the organisation (co-location, time, meetings,
  information systems) and the wider system (funding and regulation). Conclusions:
  Collaboration requires support at all three levels.""",
)

P(
    "Schot, Evert; Tummers, Lars; Noordegraaf, Mirko",
    "Working on working together. A systematic review on how healthcare professionals contribute to interprofessional collaboration",
    "Journal of Interprofessional Care",
    "J Interprof Care",
    2020,
    "34",
    "3",
    "332-342",
    "10.1080/13561820.2019.1636007",
    "",
    "pcsa",
    "x",
    "",
    "",
    "interprofessional collaboration; professionals; systematic review",
    "Health professionals' collaboration generally; not social care or older people.",
    """Interprofessional collaboration is often studied as a structure rather than as something
  professionals do. This systematic review examined how health care professionals themselves
  contribute to collaboration. Three types of contribution were identified: bridging
  professional gaps, negotiating overlaps and creating spaces for working together. The
  authors argue that collaboration is actively produced by professionals.
  The review included studies from several countries and professions.""",
)

P(
    "Morgan, Sonya; Pullon, Susan; McKinlay, Eileen",
    "Observation of interprofessional collaborative practice in primary care teams: an integrative literature review",
    "International Journal of Nursing Studies",
    "Int J Nurs Stud",
    2015,
    "52",
    "7",
    "1217-1230",
    "10.1016/j.ijnurstu.2015.03.008",
    "",
    "csw",
    "x",
    "",
    "",
    "interprofessional practice; primary care teams; observation; integrative review",
    "Primary care teams only.",
    """Background: Interprofessional collaboration in primary care is usually studied through
  self-report. Objectives: To review studies that observed collaborative practice in primary
  care teams. Design: Integrative literature review. Results: Few studies used observation;
  they showed that collaboration relied on informal, opportunistic interactions, shared
  spaces and relationships rather than formal meetings. Conclusions: Observation reveals
  aspects of collaboration that surveys miss.
  Implications for team development are discussed.""",
)

P(
    "Mulvale, Gillian; Embrett, Mark; Razavi, Shaghayegh Donya",
    "'Gearing Up' to improve interprofessional collaboration in primary care: a systematic review and conceptual framework",
    "BMC Family Practice",
    "BMC Fam Pract",
    2016,
    "17",
    "",
    "83",
    "10.1186/s12875-016-0492-1",
    "",
    "psw",
    "x",
    "",
    "",
    "interprofessional collaboration; primary care; conceptual framework",
    "Primary care team collaboration; no social care.",
    """Background: Interprofessional collaboration in primary care depends on many interacting
  factors. Methods: Systematic review of reviews and studies of factors affecting
  collaboration, synthesised into a conceptual framework. Results: The framework depicts
  factors as interlocking gears at team, organisational and system levels, including
  leadership, roles, communication, funding and policy. Conclusions: Improvement efforts
  need to align the gears.
  The framework is illustrated with examples from Canadian primary care.""",
)

P(
    "Valentijn, Pim P.; Boesveld, Inge C.; van der Klauw, Denise M.; Ruwaard, Dirk; Struijs, Jeroen N.; Molema, Johanna J. W.; Bruijnzeels, Marc A.; Vrijhoef, Hubertus J. M.",
    "Towards a taxonomy for integrated care: a mixed-methods study",
    "International Journal of Integrated Care",
    "Int J Integr Care",
    2015,
    "15",
    "",
    "e003",
    "",
    "",
    "pc",
    "x",
    "",
    "",
    "taxonomy; integrated care; Delphi; concept mapping",
    "Taxonomy development; not barriers.",
    """Introduction: A shared taxonomy would help to describe integrated care. Methods: Mixed
  methods, including a Delphi study and concept mapping with international experts, to
  populate a conceptual framework with features of integrated care. Results: Features were
  identified for clinical, professional, organisational, system, functional and normative
  integration. Conclusion: The taxonomy can support comparison of integrated care
  initiatives.
  Further validation in practice is recommended.""",
)

P(
    "Courtin, Emilie; Knapp, Martin",
    "Social isolation, loneliness and health in old age: a scoping review",
    "Health & Social Care in the Community",
    "Health Soc Care Community",
    2017,
    "25",
    "3",
    "799-812",
    "10.1111/hsc.12311",
    "",
    "ecswa",
    "x",
    "",
    "",
    "social isolation; loneliness; older people; scoping review",
    "Loneliness and health; not integration.",
    """Social isolation and loneliness are common in later life. This scoping review mapped
  studies of their associations with physical and mental health and health care use among
  older people. Isolation and loneliness were associated with poorer mental health,
  cardiovascular outcomes and mortality, although study designs limited causal inference.
  Evidence on effects on health and social care use was sparse.
  Gaps in the evidence are highlighted.""",
)

P(
    "Frost, Rachael; Rait, Greta; Wheatley, Alison; Wilcock, Jane; Robinson, Louise; Harrison Dening, Karen; Allan, Louise; Banerjee, Sube; Manthorpe, Jill; Walters, Kate",
    "What works in managing complex conditions in older people in primary and community care? A state-of-the-art review",
    "Health & Social Care in the Community",
    "Health Soc Care Community",
    2020,
    "28",
    "6",
    "1915-1927",
    "10.1111/hsc.13085",
    "",
    "pcwa",
    "x",
    "",
    "",
    "older people; complex conditions; primary care; community care; review",
    "Screeners disagreed; consensus exclude: clinical management models, not integration with social care.",
    """Older people with complex conditions such as dementia and multimorbidity rely on primary and
  community care. This state-of-the-art review examined what works in managing such
  conditions. Helpful features included case management, multidisciplinary working,
  continuity of care, carer support and personalised care planning, though evidence was
  mixed. The authors draw lessons for post-diagnostic dementia support in primary care.
  Gaps in the evidence on carers were noted.""",
)

P(
    "Waring, Justin; Marshall, Fiona; Bishop, Simon; Sahota, Opinder; Walker, Martin; Currie, Graeme; Fisher, Rebecca; Avery, Tony",
    "An ethnographic study of knowledge sharing across the boundaries between care processes, services and organisations: the contributions to 'safe' hospital discharge",
    "Health Services and Delivery Research",
    "Health Serv Deliv Res",
    2014,
    "2",
    "29",
    "",
    "10.3310/hsdr02290",
    "",
    "ps",
    "x",
    "",
    "",
    "hospital discharge; knowledge sharing; ethnography; patient safety",
    "Hospital discharge focus.",
    """Background: Hospital discharge involves many professionals across health and social care.
  Objectives: To study how knowledge is shared across boundaries during discharge and its
  consequences for safety. Design: Ethnographic study in an English city following patients
  from hospital to community services. Results: Knowledge sharing was fragmented by
  professional and organisational boundaries, and discharge coordinators worked to bridge
  them. Conclusions: Safer discharge depends on boundary-spanning practices.""",
)

P(
    "Fraze, Taressa K.; Lewis, Valerie A.; Rodriguez, Hector P.; Fisher, Elliott S.",
    "Housing, transportation, and food: how ACOs seek to improve population health by addressing nonmedical needs of patients",
    "Health Affairs",
    "Health Aff (Millwood)",
    2016,
    "35",
    "11",
    "2109-2115",
    "10.1377/hlthaff.2016.0727",
    "",
    "ps",
    "x",
    "",
    "",
    "accountable care organisations; social needs; United States",
    "US ACO survey, all ages, no primary-social care focus.",
    """Accountable care organisations in the United States are responsible for the health and
  costs of defined populations. Using national survey data and interviews, this study
  examined how they address patients' nonmedical needs such as housing, transportation and
  food. Most organisations screened for some social needs and many partnered with community
  organisations, but barriers included limited resources and difficulty sustaining
  partnerships.""",
)

P(
    "Gottlieb, Laura M.; Wing, Holly; Adler, Nancy E.",
    "A systematic review of interventions on patients' social and economic needs",
    "American Journal of Preventive Medicine",
    "Am J Prev Med",
    2017,
    "53",
    "5",
    "719-729",
    "10.1016/j.amepre.2017.05.011",
    "",
    "ps",
    "x",
    "",
    "",
    "social needs; interventions; health care settings; systematic review",
    "Social needs interventions; not integration for older people.",
    """Context: Health care organisations increasingly address patients' social and economic
  needs. Evidence acquisition: Systematic review of studies of interventions delivered in
  health care settings to address social needs. Evidence synthesis: Studies were
  heterogeneous; some reported improvements in social needs and health outcomes, but few were
  rigorous. Conclusions: More robust evaluation is needed.
  Most studies were from the United States and used short follow-up.""",
)

P(
    "Chatterjee, Helen J.; Camic, Paul M.; Lockyer, Bridget; Thomson, Linda J. M.",
    "Non-clinical community interventions: a systematised review of social prescribing schemes",
    "Arts & Health",
    "Arts Health",
    2018,
    "10",
    "2",
    "97-123",
    "10.1080/17533015.2017.1334002",
    "",
    "wa",
    "x",
    "",
    "",
    "social prescribing; arts; community interventions; review",
    "Social prescribing review.",
    """Background: Social prescribing schemes refer people to non-clinical community activities.
  Methods: Systematised review of evaluations of UK schemes. Results: Schemes included arts,
  exercise, learning and nature-based activities; reported outcomes included improved
  well-being and reduced service use, but evaluations were mostly small and uncontrolled.
  Conclusions: A model of the social prescribing pathway is proposed to guide evaluation.
  Recommendations for commissioning and evaluation are made.""",
)

P(
    "Skivington, Kathryn; Smith, Mathew; Chng, Nai Rui; Mackenzie, Mhairi; Wyke, Sally; Mercer, Stewart W.",
    "Delivering a primary care-based social prescribing initiative: a qualitative study of the benefits and challenges",
    "British Journal of General Practice",
    "Br J Gen Pract",
    2018,
    "68",
    "672",
    "e487-e494",
    "10.3399/bjgp18X696617",
    "",
    "cs",
    "x",
    "",
    "",
    "social prescribing; general practice; qualitative; deprivation",
    "Social prescribing in deprived practices, all ages.",
    """Background: A Scottish programme placed community links practitioners in general practices
  in deprived areas. Aim: To explore benefits and challenges of implementation. Method:
  Qualitative interviews and observation in participating practices. Results: Benefits
  depended on whole-practice engagement, good relationships between practitioners and
  practice staff and available community resources; challenges included time, turnover and
  uncertain funding. Conclusion: Implementation varies with practice context.""",
)

P(
    "Mercer, Stewart W.; Fitzpatrick, Bridie; Grant, Lesley; Chng, Nai Rui; McConnachie, Alex; Bakhshi, Andisheh; James-Rae, Gary; O'Donnell, Catherine A.; Wyke, Sally",
    "Effectiveness of community-links practitioners in areas of high socioeconomic deprivation",
    "Annals of Family Medicine",
    "Ann Fam Med",
    2019,
    "17",
    "6",
    "518-525",
    "10.1370/afm.2429",
    "",
    "esw",
    "x",
    "",
    "",
    "social prescribing; community links; deprivation; quasi-experimental",
    "Effectiveness of social prescribing, all ages.",
    """Purpose: To evaluate community-links practitioners placed in general practices in deprived
  areas of Scotland. Methods: Quasi-experimental study comparing patients in intervention and
  comparison practices. Results: There were no significant differences in quality of life or
  other outcomes overall, although patients who saw the practitioners more often had better
  outcomes. Conclusions: Implementation problems may explain the lack of effect.
  Wider implementation should attend to practice engagement.""",
)

P(
    "Greenhalgh, Trisha; Wherton, Joseph; Papoutsi, Chrysanthi; Lynch, Jennifer; Hughes, Gemma; A'Court, Christine; Hinder, Susan; Fahy, Nick; Procter, Rob; Shaw, Sara",
    "Beyond adoption: a new framework for theorizing and evaluating nonadoption, abandonment, and challenges to the scale-up, spread, and sustainability of health and social care technologies",
    "Journal of Medical Internet Research",
    "J Med Internet Res",
    2017,
    "19",
    "11",
    "e367",
    "10.2196/jmir.8775",
    "",
    "s",
    "x",
    "",
    "",
    "technology adoption; framework; scale-up; health and social care",
    "Technology implementation framework; not integration barriers.",
    """Background: Many health and social care technologies are not adopted or are abandoned.
  Objective: To develop a framework explaining nonadoption and problems of scale-up, spread
  and sustainability. Methods: Review of frameworks and empirical case studies of technology
  programmes. Results: The framework considers the condition, technology, value proposition,
  adopters, organisation, wider system and adaptation over time. Conclusions: Complexity in
  these domains predicts difficulty.""",
)

P(
    "May, Carl R.; Cummings, Amanda; Girling, Melissa; Bracher, Mike; Mair, Frances S.; May, Christine M.; Murray, Elizabeth; Myall, Michelle; Rapley, Tim; Finch, Tracy",
    "Using Normalization Process Theory in feasibility studies and process evaluations of complex healthcare interventions: a systematic review",
    "Implementation Science",
    "Implement Sci",
    2018,
    "13",
    "1",
    "80",
    "10.1186/s13012-018-0758-1",
    "",
    "s",
    "x",
    "",
    "",
    "normalization process theory; implementation; process evaluation",
    "Methods review.",
    """Background: Normalization Process Theory is used to study implementation of complex
  interventions. Methods: Systematic review of studies using the theory in feasibility studies
  and process evaluations. Results: The theory was applied in many settings and helped to
  identify factors affecting implementation, though some studies used it superficially.
  Conclusions: The theory supports the design and evaluation of complex interventions.
  Guidance for future use of the theory is offered.""",
)

P(
    "Saunders, Benjamin; Sim, Julius; Kingstone, Tom; Baker, Shula; Waterfield, Jackie; Bartlam, Bernadette; Burroughs, Heather; Jinks, Clare",
    "Saturation in qualitative research: exploring its conceptualization and operationalization",
    "Quality & Quantity",
    "Qual Quant",
    2018,
    "52",
    "4",
    "1893-1907",
    "10.1007/s11135-017-0574-8",
    "",
    "s",
    "x",
    "",
    "",
    "saturation; qualitative research; methods",
    "Methods paper.",
    """Saturation is widely used as a criterion for ending data collection in qualitative
  research, but it is understood in different ways. This paper distinguishes models of
  saturation focused on theory development, on data and on codes, and discusses how each
  relates to methodological approach. The authors caution against treating saturation as a
  generic quality marker and recommend that its use be explained.""",
)

P(
    "Malterud, Kirsti; Siersma, Volkert Dirk; Guassora, Ann Dorrit",
    "Sample size in qualitative interview studies: guided by information power",
    "Qualitative Health Research",
    "Qual Health Res",
    2016,
    "26",
    "13",
    "1753-1760",
    "10.1177/1049732315617444",
    "",
    "psw",
    "x",
    "",
    "",
    "sample size; qualitative interviews; information power",
    "Methods paper.",
    """Determining sample size in qualitative interview studies is often justified by saturation.
  This paper proposes the concept of information power: the more relevant information a
  sample holds, the fewer participants are needed. Information power depends on the aim of the
  study, sample specificity, use of theory, quality of dialogue and analysis strategy. The
  model is offered to guide planning and appraisal.""",
)

P(
    "Nowell, Lorelli S.; Norris, Jill M.; White, Deborah E.; Moules, Nancy J.",
    "Thematic analysis: striving to meet the trustworthiness criteria",
    "International Journal of Qualitative Methods",
    "Int J Qual Methods",
    2017,
    "16",
    "1",
    "",
    "10.1177/1609406917733847",
    "",
    "sw",
    "x",
    "",
    "",
    "thematic analysis; trustworthiness; qualitative methods",
    "Methods paper.",
    """Thematic analysis is widely used but its rigour is often poorly described. This paper sets
  out a step-by-step approach to conducting thematic analysis that meets trustworthiness
  criteria of credibility, transferability, dependability and confirmability. For each phase
  of analysis the authors suggest means of establishing trustworthiness, such as audit
  trails, peer debriefing and reflexive journals.
  Worked examples from the authors' own research are given.""",
)

P(
    "Tsutsui, Takako",
    "Implementation process and challenges for the community-based integrated care system in Japan",
    "International Journal of Integrated Care",
    "Int J Integr Care",
    2014,
    "14",
    "",
    "e002",
    "",
    "",
    "s",
    "x",
    "",
    "",
    "community-based integrated care; Japan; long-term care insurance; older people",
    "Screeners disagreed; consensus exclude: policy description without empirical data.",
    """Japan is developing a community-based integrated care system so that older people can
  continue to live in their communities. This paper describes the policy background in long-
  term care insurance, the roles of municipalities and community general support centres, and
  the challenges of linking medical care, long-term care, prevention, housing and daily
  living support. Implementation issues are discussed from a policy perspective.""",
)

P(
    "de Saxe Zerden, Lisa; Lombardi, Brianna M.; Fraser, Mark W.; Jones, Anne; Rico, Yaira Garcia",
    "Social work: integral to interprofessional education and integrated practice",
    "Journal of Interprofessional Education & Practice",
    "J Interprof Educ Pract",
    2018,
    "10",
    "",
    "67-75",
    "10.1016/j.xjep.2017.12.011",
    "",
    "sa",
    "x",
    "",
    "",
    "social work; interprofessional education; integrated care",
    "Discussion of social work education; not a study of integration barriers for older people.",
    """This paper argues that social work should be central to interprofessional education and to
  integrated health care in the United States. It describes the competencies social workers
  bring to integrated teams, the development of workforce training programmes and the
  barriers social workers face in health settings, such as reimbursement and role
  recognition. Recommendations for education are offered.
  Implications for workforce policy are noted.""",
)

P(
    "MacAdam, Margaret",
    "PRISMA: Program of Research to Integrate the Services for the Maintenance of Autonomy. A system-level integration model in Quebec",
    "International Journal of Integrated Care",
    "Int J Integr Care",
    2015,
    "15",
    "",
    "e018",
    "",
    "",
    "p",
    "x",
    "",
    "",
    "integrated services; frail older people; Quebec; case management",
    "Screeners disagreed; consensus exclude: description of a model, no primary data on barriers.",
    """This article describes an integrated service delivery model for frail older people
  developed in Quebec, Canada. The model combines coordination between health and social
  service organisations at strategic and operational levels, a single entry point, case
  management, a standardised assessment tool and a shared electronic chart. Results of
  earlier evaluations are summarised and the model's implementation and spread are
  discussed.""",
)

P(
    "Evans, Jenna M.; Grudniewicz, Agnes; Baker, G. Ross; Wodchis, Walter P.",
    "Organizational context and capabilities for integrating care: a framework for improvement",
    "International Journal of Integrated Care",
    "Int J Integr Care",
    2016,
    "16",
    "3",
    "15",
    "",
    "",
    "ps",
    "x",
    "",
    "",
    "organisational context; integrated care; framework",
    "Framework paper; no primary data on older people or social care.",
    """Background: Organisational context shapes whether integrated care succeeds. Methods: The
  authors reviewed literature on organisational factors and refined a framework with experts.
  Results: The framework identifies contextual factors and organisational capabilities,
  including leadership, culture, resources, information and learning, that support
  integration. Conclusion: The framework can help organisations assess readiness for
  integrated care.
  Its use in planning and evaluation is described.""",
)

P(
    "Doessing, Anna; Burau, Viola",
    "Care coordination of multimorbidity: a scoping study",
    "Journal of Comorbidity",
    "J Comorb",
    2015,
    "5",
    "",
    "15-28",
    "10.15256/joc.2015.5.39",
    "",
    "e",
    "x",
    "",
    "",
    "multimorbidity; care coordination; scoping study",
    "Health care coordination for multimorbidity; no social care focus.",
    """Background: Coordination of care is important for people with multimorbidity. Objective:
  To map the research on care coordination for multimorbidity. Design: Scoping study of
  published literature. Results: Most studies examined coordination within health care, by
  professionals and organisations, with less attention to patients' own coordination work and
  links to social services. Conclusions: Research should consider coordination from the
  patient's perspective.""",
)

P(
    "Liljas, Ann E. M.; Brattström, Fanny; Burström, Bo; Schön, Pär; Agerholm, Janne",
    "Impact of integrated care on patient-related outcomes among older people - a systematic review",
    "International Journal of Integrated Care",
    "Int J Integr Care",
    2019,
    "19",
    "3",
    "6",
    "",
    "",
    "ps",
    "x",
    "",
    "",
    "integrated care; older people; patient outcomes; systematic review",
    "Outcome review; no barriers.",
    """Introduction: Integrated care is promoted for older people with complex needs. Methods:
  Systematic review of controlled studies of integrated care for older people reporting
  patient-related outcomes such as quality of life, function, satisfaction and mortality.
  Results: Most studies found no or small effects on health outcomes, while satisfaction with
  care tended to improve. Conclusion: Expected benefits for older people's health outcomes
  are not consistently realised.""",
)


# --------------------------------------------------------------------------------------
# Found only in ASSIA (ProQuest): the seed review's reference list cites this paper through
# its ProQuest record (docview 1680098682). Pages and DOI were not recorded with confidence.
# --------------------------------------------------------------------------------------

P(
    "Hudson, Annie",
    'Social work: a "forgotten" piece of the integration jigsaw?',
    "Journal of Integrated Care",
    "J Integr Care",
    2015,
    "23",
    "2",
    "",
    "",
    "",
    "a",
    "i",
    "x",
    "not primary research",
    "social work; integrated care; health and social care; England; policy",
    "Viewpoint on social work's place in integration policy; not primary research.",
    """Purpose: To ask why social work has had so small a place in English debates about
  integrating health and social care. Design: Viewpoint on national policy and practice.
  Findings: Integration policy has been framed around structures, pooled budgets and the
  health service, and social care has often been treated as a set of services to be
  commissioned rather than as a profession with its own knowledge of people, families and
  communities. The skills social workers bring to assessment, risk and safeguarding are at
  risk of being overlooked when integrated teams are designed. Originality: The paper
  argues that integration will not deliver person-centred care unless social work is a
  recognised partner alongside general practice and community health services.""",
)

# --------------------------------------------------------------------------------------
# Screening plan: who decided what (written for the example). Two screeners work blind at
# title/abstract and at full text; where they disagree, ``consensus`` settles it.
# --------------------------------------------------------------------------------------

#: Title/abstract disagreements: first author + year -> (reviewer_a, reviewer_b); the
#: consensus decision is the paper's ``ta_decision``.
TA_CONFLICTS = {
    ("Humphries", "2015"): ("include", "exclude"),
    ("Hughes", "2019"): ("exclude", "include"),
    ("Trankle", "2019"): ("include", "exclude"),
    ("Goodman", "2016"): ("include", "exclude"),
    ("Supper", "2015"): ("exclude", "include"),
    ("Frost", "2020"): ("include", "exclude"),
    ("Tsutsui", "2014"): ("exclude", "include"),
    ("MacAdam", "2015"): ("include", "exclude"),
}
#: Full-text disagreements: first author + year -> ((a, reason_a), (b, reason_b)); the
#: consensus decision is the paper's ``ft_decision``/``ft_reason``.
FT_CONFLICTS = {
    ("Martínez-González", "2014"): (("include", ""), ("exclude", "wrong population")),
    ("Kuluski", "2017"): (("include", ""), ("exclude", "wrong setting")),
    ("Baxter", "2018"): (("include", ""), ("exclude", "wrong study design")),
    ("Grudniewicz", "2018"): (("exclude", "wrong population"), ("include", "")),
}
#: Records in the exports that are not master papers (see build_exports.TRAPS); both
#: screeners exclude them at title/abstract.
TRAP_ROWS = [
    {
        "paper_id": "T1",
        "of": "P022",
        "title_prefix": "Correction: ",
        "year_offset": 0,
        "doi": "",
        "note": "Erratum notice for an included review (not a study); the review itself is screened.",
    },
    {
        "paper_id": "T2",
        "of": "P002",
        "title_prefix": "",
        "year_offset": -1,
        "doi": "",
        "note": "Conference abstract of a study later published in full (the full paper is screened).",
    },
]
PLAN_COLUMNS = (
    "paper_id",
    "first_author",
    "year",
    "doi",
    "title",
    "ta_reviewer_a",
    "ta_reviewer_b",
    "ta_consensus",
    "ft_reviewer_a",
    "ft_reason_a",
    "ft_reviewer_b",
    "ft_reason_b",
    "ft_consensus",
    "ft_reason",
    "note",
)


def plan_rows() -> list[dict[str, str]]:
    rows = []
    used_ta, used_ft = set(), set()
    for p in PAPERS:
        first = p["authors"].split(",")[0]
        key = (first, p["year"])
        row = {c: "" for c in PLAN_COLUMNS}
        row.update(
            paper_id=p["paper_id"],
            first_author=first,
            year=p["year"],
            doi=p["doi"],
            title=p["title"],
            note=p["notes"],
        )
        ta = p["ta_decision"]
        if key in TA_CONFLICTS:
            used_ta.add(key)
            row["ta_reviewer_a"], row["ta_reviewer_b"] = TA_CONFLICTS[key]
            row["ta_consensus"] = ta
        else:
            row["ta_reviewer_a"] = row["ta_reviewer_b"] = ta
        if ta == "include":
            ft, reason = p["ft_decision"], p["ft_reason"]
            if key in FT_CONFLICTS:
                used_ft.add(key)
                (a, ra), (b, rb) = FT_CONFLICTS[key]
                row.update(
                    ft_reviewer_a=a,
                    ft_reason_a=ra,
                    ft_reviewer_b=b,
                    ft_reason_b=rb,
                    ft_consensus=ft,
                    ft_reason=reason,
                )
            else:
                row.update(
                    ft_reviewer_a=ft,
                    ft_reason_a=reason,
                    ft_reviewer_b=ft,
                    ft_reason_b=reason,
                    ft_reason=reason,
                )
        rows.append(row)
    missing = (set(TA_CONFLICTS) - used_ta) | (set(FT_CONFLICTS) - used_ft)
    if missing:
        raise SystemExit(f"screening plan names papers not in the list: {sorted(missing)}")
    by_id = {p["paper_id"]: p for p in PAPERS}
    for trap in TRAP_ROWS:
        p = by_id[trap["of"]]
        row = {c: "" for c in PLAN_COLUMNS}
        row.update(
            paper_id=trap["paper_id"],
            first_author=p["authors"].split(",")[0],
            year=str(int(p["year"]) + trap["year_offset"]),
            doi=trap["doi"],
            title=trap["title_prefix"] + p["title"],
            ta_reviewer_a="exclude",
            ta_reviewer_b="exclude",
            note=trap["note"],
        )
        rows.append(row)
    return rows


def main(out: Path = HERE / "papers.csv") -> int:
    ids = [p["doi"].lower() for p in PAPERS if p["doi"]]
    if len(ids) != len(set(ids)):
        print("duplicate DOI in master list", file=sys.stderr)
        return 1
    titles = [p["title"].lower() for p in PAPERS]
    if len(titles) != len(set(titles)):
        print("duplicate title in master list", file=sys.stderr)
        return 1
    for p in PAPERS:
        if p["ft_reason"] and p["ft_reason"] not in FT_REASONS:
            print(f"{p['paper_id']}: unknown reason {p['ft_reason']!r}", file=sys.stderr)
            return 1
        words = len(p["abstract"].split())
        if not 60 <= words <= 200:
            print(f"{p['paper_id']}: abstract has {words} words", file=sys.stderr)
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(PAPERS)
    plan = HERE / "screening_plan.csv"
    with plan.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=PLAN_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(plan_rows())
    ta = sum(p["ta_decision"] == "include" for p in PAPERS)
    ft = sum(p["ft_decision"] == "include" for p in PAPERS)
    print(f"{out}: {len(PAPERS)} papers, {ta} included at title/abstract, {ft} included")
    return 0


if __name__ == "__main__":
    sys.exit(main())
