"""Write ``gold.csv``: studies on integrating health/primary care and social care, coded by hand.

Each study is a real publication (bibliographic facts from its published record); the
``abstract`` column is a short summary written for this set, not the published abstract.
``codes`` lists the review framework's sub-theme ids that a reviewer assigned by reading the
summary against the codebook definitions in ``config/codebooks/review_framework.yaml``.
Coding rule: a study is coded on a sub-theme when it reports the barrier, or reports the
factor whose absence is that barrier (e.g. "strong leadership helped" codes
``deprioritisation``); studies that only report outcomes get no code.
Run ``python tests/data/themes/make_gold.py`` to regenerate the CSV after editing.
"""

from __future__ import annotations

import csv
from pathlib import Path

# (record_id, authors, year, journal, title, summary, codes)
STUDIES = [
    (
        "gold:naqvi2019",
        "Naqvi D; Malik A; Al-Zubaidy M",
        2019,
        "BMJ Open",
        "The general practice perspective on barriers to integration between primary and "
        "social care: a London, United Kingdom-based qualitative interview study",
        "Eighteen GPs and seven practice managers in London were interviewed about working "
        "with adult social care. Practices often could not find out who to contact in social "
        "services, phone numbers were out of date and referrals waited weeks for a reply. "
        "Staff described a hostile culture between the sectors, silo working and little mutual "
        "respect, and joint team meetings that clashed with clinics. Workloads left no time for "
        "collaboration, the two sectors used computer systems that could not exchange patient "
        "information, budgets were not pooled and managers' incentives pointed in different "
        "directions. Participants wanted medical students and GP trainees taught about the "
        "roles of social care.",
        "fragmented_structure;misaligned_incentives;resource_constraints;commissioning;"
        "communication_professionals;training_support;informatics;professional_culture",
    ),
    (
        "gold:dambhamiller2021",
        "Dambha-Miller H; Simpson G; Hobson L",
        2021,
        "Br J Gen Pract",
        "Integrating primary care and social services for older adults with multimorbidity: "
        "a qualitative study",
        "Thirty-seven telephone interviews across England with GPs, nurses, social care staff, "
        "commissioners, voluntary sector workers, patients and carers explored drivers and "
        "barriers of integrating primary care with social services. Committed individuals with "
        "good leadership, interface roles such as care navigators and co-location helped. "
        "Barriers were the separate structures of the two systems, tension between professions, "
        "organisations protecting their own interests and the difficulty of sharing records "
        "between providers. Carers found it exhausting to deal with many different people and "
        "to find their way through the system.",
        "fragmented_structure;misaligned_incentives;deprioritisation;professional_culture;"
        "informatics;communication_patients",
    ),
    (
        "gold:ling2012",
        "Ling T; Brereton L; Conklin A",
        2012,
        "Int J Integr Care",
        "Barriers and facilitators to integrating care: experiences from the English "
        "Integrated Care Pilots",
        "The evaluation of sixteen English integrated care pilots drew on staff surveys, "
        "interviews and site visits. Pilots that progressed had a shared vision, engaged staff "
        "and strong local leaders. Common obstacles were the time staff needed to take part, "
        "information technology that did not allow records to be shared, contracts and payment "
        "rules that did not reward joint work, and differences between professional groups in "
        "how they saw their role.",
        "misaligned_incentives;resource_constraints;commissioning;informatics;professional_culture",
    ),
    (
        "gold:glendinning2003",
        "Glendinning C",
        2003,
        "Health Policy",
        "Breaking down barriers: integrating health and care services for older people in England",
        "This policy analysis reviews English measures to join up NHS and local authority "
        "services for older people, including the Health Act flexibilities for pooled budgets "
        "and lead commissioning and the creation of Care Trusts. It argues that the two sectors "
        "remain divided by separate lines of accountability, different funding and charging "
        "rules and distinct professional traditions, and that structural mergers alone do not "
        "deliver joined-up care.",
        "fragmented_structure;commissioning;professional_culture",
    ),
    (
        "gold:auschra2018",
        "Auschra C",
        2018,
        "Int J Integr Care",
        "Barriers to the integration of care in inter-organisational settings: a literature review",
        "A review of studies on integrating care across organisations groups the barriers into "
        "administrative and regulatory, funding, organisational, service delivery and clinical "
        "domains. Examples include responsibilities split across agencies and legislation, "
        "separate budgets and payment systems that reward each provider for its own activity, "
        "clashing organisational cultures and incompatible information systems, unclear roles "
        "and poor communication between providers, and different clinical paradigms.",
        "fragmented_structure;misaligned_incentives;commissioning;communication_professionals;"
        "training_support;informatics;professional_culture",
    ),
    (
        "gold:mason2015",
        "Mason A; Goddard M; Weatherly H",
        2015,
        "J Health Serv Res Policy",
        "Integrating funds for health and social care: an evidence review",
        "The review examined schemes that pooled or aligned money for health and social care in "
        "several countries. Integrated funds rarely produced clear gains in health outcomes or "
        "reductions in hospital use, and many evaluations were weak. Schemes were hampered by "
        "legal and accountability differences between the partner organisations and by funding "
        "that was short-term or small relative to total spending.",
        "fragmented_structure;commissioning;information_recorded",
    ),
    (
        "gold:curry2013",
        "Curry N; Harris M; Gunn LH",
        2013,
        "Int J Integr Care",
        "Integrated care pilot in North West London: a mixed methods evaluation",
        "The North West London pilot brought together GP practices, hospitals, community and "
        "social care for people with diabetes and people over 75, using care plans, "
        "multidisciplinary case conferences and a shared information tool. Professionals "
        "reported better relationships, but patients were seldom aware of or involved in their "
        "care plans, the information technology was hard to use and GPs found the work "
        "time-consuming. Hospital admissions did not fall during the evaluation period.",
        "resource_constraints;informatics;patient_engagement",
    ),
    (
        "gold:cameron2014",
        "Cameron A; Lart R; Bostock L",
        2014,
        "Health Soc Care Community",
        "Factors that promote and hinder joint and integrated working between health and "
        "social care services: a review of research literature",
        "This review of UK research on joint working between health and social care identifies "
        "three groups of factors. Organisational factors include agreed aims, clear roles and "
        "responsibilities, governance and financial arrangements; cultural and professional "
        "factors include trust, respect and professional identities; contextual factors include "
        "the policy climate and frequent reorganisation of services.",
        "fragmented_structure;misaligned_incentives;commissioning;deprioritisation;"
        "training_support;professional_culture",
    ),
    (
        "gold:cameron2016",
        "Cameron A",
        2016,
        "Public Money & Management",
        "What have we learnt about joint working between health and social care?",
        "Looking back over decades of English policy on joint working, the article finds that "
        "partner agencies still bring conflicting priorities and organisational cultures to "
        "partnerships. It notes that the evidence that joint working improves outcomes for "
        "service users remains thin because evaluations seldom measure them.",
        "misaligned_incentives;professional_culture;information_recorded",
    ),
    (
        "gold:miller2016",
        "Miller R",
        2016,
        "Int J Integr Care",
        "Crossing the cultural and value divide between health and social care",
        "This discussion paper argues that integration founders on differences in values and "
        "culture between health and social care. Medical and social models of care define "
        "problems differently, and social care and its workforce are often treated as the "
        "junior partner of the NHS. Building shared values needs deliberate work rather than "
        "structural change.",
        "professional_culture;culture_social_sector",
    ),
    (
        "gold:baxter2018",
        "Baxter S; Johnson M; Chambers D",
        2018,
        "BMC Health Serv Res",
        "The effects of integrated care: a systematic review of UK and international evidence",
        "This systematic review synthesised 167 studies of integrated care models. It found "
        "evidence of improved patient satisfaction, perceived quality and access to care, but "
        "the evidence on costs, hospital admissions and other service use was inconsistent. "
        "Many studies were of limited quality and outcomes were measured in very different ways.",
        "information_recorded",
    ),
    (
        "gold:wodchis2015",
        "Wodchis WP; Dixon A; Anderson GM",
        2015,
        "Int J Integr Care",
        "Integrating care for older people with complex needs: key insights and lessons from "
        "a seven-country cross-case analysis",
        "Seven programmes for older people with complex needs in different countries were "
        "compared. Successful programmes used care coordinators, a single point of access and "
        "shared information, and relied on strong and sustained leadership. Their progress was "
        "limited by fragmented funding streams, professional silos and information systems that "
        "did not link.",
        "commissioning;deprioritisation;informatics;professional_culture;communication_patients",
    ),
    (
        "gold:kirst2017",
        "Kirst M; Im J; Burns T",
        2017,
        "Int J Qual Health Care",
        "What works in implementation of integrated care programs for older adults with "
        "complex needs? A realist review",
        "A realist review of integrated care programmes for older adults with complex needs "
        "identified the contexts and mechanisms behind successful implementation. Trusting "
        "relationships between providers, committed leaders, regular communication and a "
        "shared vision were central, together with enough staff and funding and the active "
        "engagement of patients and their caregivers.",
        "resource_constraints;deprioritisation;communication_professionals;professional_culture;"
        "patient_engagement",
    ),
    (
        "gold:threapleton2017",
        "Threapleton DE; Chung RY; Wong SYS",
        2017,
        "Int J Qual Health Care",
        "Integrated care for older populations and its implementation facilitators and "
        "barriers: a rapid scoping review",
        "This rapid scoping review mapped integrated care initiatives for older people and what "
        "helped or hindered them. Frequently reported barriers were poor communication between "
        "providers, shortfalls in funding and staff, incompatible information technology, unclear "
        "staff roles and differences in organisational culture.",
        "resource_constraints;communication_professionals;training_support;informatics;"
        "professional_culture",
    ),
    (
        "gold:briggs2018",
        "Briggs AM; Valentijn PP; Thiyagarajan JA",
        2018,
        "BMJ Open",
        "Elements of integrated care approaches for older people: a review of reviews",
        "An overview of systematic reviews identified the elements most often found in "
        "integrated care for older people: comprehensive assessment, case management, "
        "multidisciplinary teams, individual care plans, involvement of older people and "
        "carers in decisions, and shared electronic information systems.",
        "informatics;patient_engagement",
    ),
    (
        "gold:humphries2015",
        "Humphries R",
        2015,
        "Health Policy",
        "Integrated health and social care in England - progress and prospects",
        "The paper reviews England's efforts to integrate health and social care, including the "
        "Better Care Fund and the integration pioneers. Progress has been slow: adult social "
        "care is run by 152 local authorities, is means tested and has been cut back under "
        "austerity, while the NHS is free at the point of use. Ambitious national policy has "
        "not been matched by sustained commitment or resources.",
        "fragmented_structure;resource_constraints;commissioning;deprioritisation",
    ),
    (
        "gold:maruthappu2015",
        "Maruthappu M; Hasan A; Zeltner T",
        2015,
        "Health Syst Reform",
        "Enablers and barriers in implementing integrated care",
        "Drawing on international experience, the authors describe what enables and obstructs "
        "integrated care. Obstacles include financing split between payers, payment models that "
        "reward volume in each sector, information systems that cannot exchange data, "
        "entrenched professional cultures and weak leadership; enablers include aligned "
        "financial incentives and shared records.",
        "fragmented_structure;misaligned_incentives;commissioning;deprioritisation;informatics;"
        "professional_culture",
    ),
    (
        "gold:hughes2019",
        "Hughes G",
        2019,
        "Anthropol Med",
        "Experiences of integrated care: reflections on tensions of size, scale and "
        "perspective between ethnography and evaluation",
        "An ethnographer reflects on studying an English integrated care programme alongside "
        "its formal evaluation. System-level metrics captured little of what integration meant "
        "for staff and for patients, whose experiences of care at a small scale were missed by "
        "the data the programme collected.",
        "information_recorded;patient_engagement",
    ),
    (
        "gold:damery2016",
        "Damery S; Flanagan S; Combes G",
        2016,
        "BMJ Open",
        "Does integrated care reduce hospital activity for patients with chronic diseases? "
        "An umbrella review of systematic reviews",
        "This umbrella review of 50 systematic reviews asked whether integrated care reduces "
        "hospital use for people with chronic disease. Integrated care improved patient "
        "satisfaction, perceived quality and access, but the effects on emergency admissions, "
        "readmissions and costs were inconsistent, and the reviews varied in quality.",
        "information_recorded",
    ),
    (
        "gold:martinezgonzalez2014",
        "Martinez-Gonzalez NA; Berchtold P; Ullman K",
        2014,
        "Int J Qual Health Care",
        "Integrated care programmes for adults with chronic conditions: a meta-review",
        "A meta-review of 27 systematic reviews of integrated care programmes for adults with "
        "chronic conditions such as heart failure, diabetes and COPD. Programmes were associated "
        "with better adherence to treatment, fewer hospital admissions and lower costs for some "
        "conditions, with effects differing across conditions and outcomes.",
        "",
    ),
    (
        "gold:shaw2013",
        "Shaw SE; Rosen R",
        2013,
        "J Health Serv Res Policy",
        "Fragmentation: a wicked problem with an integrated solution?",
        "This editorial describes fragmentation of care across organisations, sectors and "
        "professions as a wicked problem. Market-based reforms and competition between "
        "providers pull services apart even as policy calls for integration, so there is no "
        "simple structural fix.",
        "fragmented_structure;misaligned_incentives",
    ),
    (
        "gold:dickinson2010",
        "Dickinson H; Glasby J",
        2010,
        "Public Manag Rev",
        "'Why partnership working doesn't work': pitfalls, problems and possibilities in "
        "English health and social care",
        "Using a case study of a mental health partnership, the authors argue that health and "
        "social care partnerships often disappoint because they are pursued as ends in "
        "themselves. Energy goes into restructuring organisations, while the intended outcomes "
        "for service users are rarely specified or measured.",
        "fragmented_structure;information_recorded",
    ),
    (
        "gold:kodner2006",
        "Kodner DL",
        2006,
        "Health Soc Care Community",
        "Whole-system approaches to health and social care partnerships for the frail elderly: "
        "an exploration of North American models and lessons",
        "The paper examines North American models that join health and social care for frail "
        "older people, such as PACE and SIPA. Common features were a single entry point, case "
        "management, multidisciplinary teams and pooled or capitated financing that replaces the "
        "separate funding of fragmented services.",
        "fragmented_structure;commissioning",
    ),
    (
        "gold:macadam2015",
        "MacAdam M",
        2015,
        "Int J Integr Care",
        "PRISMA: Program of Research to Integrate the Services for the Maintenance of "
        "Autonomy. A system-level integration model in Quebec",
        "The PRISMA model in Quebec coordinates health and social services for frail older "
        "people through joint governance, a single entry point, case managers, a shared "
        "multidimensional assessment tool, individualised service plans and a computerised "
        "clinical chart that all providers can read.",
        "informatics;information_recorded;communication_patients",
    ),
    (
        "gold:goodwin2016",
        "Goodwin N",
        2016,
        "Int J Integr Care",
        "Understanding integrated care",
        "This editorial reviews the many definitions of integrated care and argues that they "
        "should start from the perspective of people who use services: care that is coordinated "
        "around their needs and built with them rather than around organisations.",
        "patient_engagement",
    ),
    (
        "gold:desaxezerden2018",
        "de Saxe Zerden L; Lombardi BM; Fraser MW",
        2018,
        "J Interprof Educ Pract",
        "Social work: integral to interprofessional education and integrated practice",
        "The authors argue that social work has often been left out of interprofessional "
        "education and of integrated health care teams. They call for social workers to be "
        "included in joint training with medical, nursing and other students so that each "
        "profession understands the others' roles.",
        "training_support;culture_social_sector",
    ),
    (
        "gold:croxson2017",
        "Croxson CH; Ashdown HF; Hobbs FR",
        2017,
        "Br J Gen Pract",
        "GPs' perceptions of workload in England: a qualitative interview study",
        "Interviews with GPs in England explored how they experience their workload. GPs "
        "described rising demand, more complex patients, work shifted from hospitals and "
        "administrative tasks, with too few appointments and not enough time, leading to "
        "stress and falling morale.",
        "resource_constraints",
    ),
    (
        "gold:davies2000",
        "Davies HT; Nutley SM; Mannion R",
        2000,
        "Qual Health Care",
        "Organisational culture and quality of health care",
        "This paper examines the idea of organisational culture in health care and whether it "
        "can be managed to improve quality. It highlights strong subcultures among professional "
        "groups, with their own values and loyalties, which can resist change imposed by "
        "managers.",
        "professional_culture",
    ),
    (
        "gold:husk2019",
        "Husk K; Elston J; Gradinger F",
        2019,
        "Br J Gen Pract",
        "Social prescribing: where is the evidence?",
        "This editorial notes that social prescribing, which links primary care patients to "
        "community and voluntary services, has spread quickly in England. Evaluations so far are "
        "small and of low quality, so the evidence does not yet show what works for whom.",
        "information_recorded",
    ),
    (
        "gold:drinkwater2019",
        "Drinkwater C; Wildman J; Moffatt S",
        2019,
        "BMJ",
        "Social prescribing",
        "A practice article explains social prescribing, in which link workers help people "
        "with social, emotional or practical needs reach community and voluntary sector "
        "support. It cautions that the evidence base is still limited and that schemes depend "
        "on community organisations that are themselves short of money.",
        "resource_constraints;information_recorded",
    ),
    (
        "gold:brown2003",
        "Brown L; Tucker C; Domokos T",
        2003,
        "Health Soc Care Community",
        "Evaluating the impact of integrated health and social care teams on older people "
        "living in the community",
        "A quasi-experimental evaluation in Somerset compared older people served by integrated "
        "health and social care teams with those served by non-integrated teams. Integrating "
        "the teams did not, by itself, produce measurably better outcomes for older people over "
        "the period studied.",
        "",
    ),
    (
        "gold:armitage2009",
        "Armitage GD; Suter E; Oelke ND",
        2009,
        "Int J Integr Care",
        "Health systems integration: state of the evidence",
        "This review of the literature on health systems integration found many definitions and "
        "models but few rigorous evaluations. It distils principles for successful integration "
        "and notes that the lack of standard measures makes it hard to compare initiatives.",
        "information_recorded",
    ),
    (
        "gold:thomas2014",
        "Thomas P",
        2014,
        "London J Prim Care",
        "Achieving community oriented integrated care through the 2014 England GP contract",
        "The author examines the 2014 GP contract in England and how its requirements, such "
        "as named accountable GPs for older patients and avoiding unplanned admissions, could "
        "be used by commissioners and practices to build community-oriented integrated care.",
        "commissioning",
    ),
    (
        "gold:leutz1999",
        "Leutz WN",
        1999,
        "Milbank Q",
        "Five laws for integrating medical and social services: lessons from the United "
        "States and the United Kingdom",
        "Drawing on experience in the United States and United Kingdom, the paper proposes five "
        "laws for integrating medical and social services: all services can be integrated for "
        "some people but not for all; integration costs before it pays; one party's integration "
        "is another's fragmentation; separate systems cannot simply be forced together; and "
        "whoever integrates sets the terms.",
        "fragmented_structure;resource_constraints",
    ),
    (
        "gold:valentijn2013",
        "Valentijn PP; Schepman SM; Opheij W",
        2013,
        "Int J Integr Care",
        "Understanding integrated care: a comprehensive conceptual framework based on the "
        "integrative functions of primary care",
        "The authors build a conceptual framework of integrated care grounded in primary care, "
        "distinguishing clinical, professional, organisational and system integration, linked "
        "by functional and normative integration that connect them.",
        "",
    ),
    (
        "gold:stokes2015",
        "Stokes J; Panagioti M; Alam R",
        2015,
        "PLoS One",
        "Effectiveness of case management for 'at risk' patients in primary care: a "
        "systematic review and meta-analysis",
        "A meta-analysis of trials of case management for patients at high risk in primary care "
        "found small benefits for self-reported health and patient satisfaction, but no "
        "significant effect on use of services or total costs.",
        "",
    ),
    (
        "gold:kharicha2005",
        "Kharicha K; Iliffe S; Levin E",
        2005,
        "Fam Pract",
        "Tearing down the Berlin wall: social workers' perspectives on joint working with "
        "general practice",
        "Social workers in England described their experience of working with general "
        "practice. They found GPs hard to reach, information exchange was patchy and referrals "
        "were sometimes inappropriate because GPs did not understand the social work role. "
        "They felt social work was poorly understood by doctors, and welcomed attachment to or "
        "co-location with practices.",
        "communication_professionals;training_support;professional_culture;culture_social_sector",
    ),
    (
        "gold:hudson2002",
        "Hudson B",
        2002,
        "J Interprof Care",
        "Interprofessionality in health and social care: the Achilles' heel of partnership?",
        "The paper argues that partnership between health and social care depends on "
        "relationships between professions as much as between organisations. Differences in "
        "professional identity, status and discretion, with social workers of lower standing "
        "than doctors, make joint working fragile.",
        "professional_culture;culture_social_sector",
    ),
    (
        "gold:dowling2004",
        "Dowling B; Powell M; Glendinning C",
        2004,
        "Health Soc Care Community",
        "Conceptualising successful partnerships",
        "The authors review how the success of health and social care partnerships has been "
        "judged. Most studies assess the process of partnership working rather than its "
        "outcomes for service users, leaving little evidence that partnerships improve care.",
        "information_recorded",
    ),
    (
        "gold:lyngso2014",
        "Lyngso AM; Godtfredsen NS; Host D",
        2014,
        "Int J Integr Care",
        "Instruments to assess integrated care: a systematic review",
        "A systematic review of instruments that measure integrated care found a range of "
        "tools covering different dimensions, few of which had been thoroughly validated, "
        "making it difficult to measure and compare integration.",
        "information_recorded",
    ),
    (
        "gold:hebert2003",
        "Hebert R; Durand PJ; Dubuc N",
        2003,
        "Int J Integr Care",
        "PRISMA: a new model of integrated service delivery for the frail older people in Canada",
        "The paper describes a Canadian model to overcome fragmented services for frail older "
        "people, based on coordination between organisations, a single entry point, case "
        "management, individualised service plans, one standard assessment instrument and a "
        "computerised clinical chart shared by providers.",
        "fragmented_structure;informatics;information_recorded;communication_patients",
    ),
    (
        "gold:beland2006",
        "Beland F; Bergman H; Lebel P",
        2006,
        "J Gerontol A Biol Sci Med Sci",
        "A system of integrated care for older persons with disabilities in Canada: results "
        "from a randomized controlled trial",
        "In a randomised trial in Montreal, the SIPA model of integrated community care for "
        "older people with disabilities, led by multidisciplinary teams with case managers, "
        "reduced the use of hospital beds by people waiting for placement without increasing "
        "overall costs.",
        "",
    ),
    (
        "gold:eklund2009",
        "Eklund K; Wilhelmson K",
        2009,
        "Health Soc Care Community",
        "Outcomes of coordinated and integrated interventions targeting frail elderly people: "
        "a systematic review of randomised controlled trials",
        "This systematic review of randomised trials of coordinated and integrated "
        "interventions for frail older people found some positive effects on hospital use, "
        "functional status and satisfaction, but results were mixed and the interventions and "
        "outcomes varied widely.",
        "",
    ),
    (
        "gold:sadler2019",
        "Sadler E; Potterton V; Anderson R",
        2019,
        "PLoS One",
        "Service user, carer and provider perspectives on integrated care for older people "
        "with frailty, and factors perceived to facilitate and hinder implementation: a "
        "systematic review and narrative synthesis",
        "A synthesis of qualitative and mixed-methods studies of integrated care for older "
        "people with frailty. Older people and carers valued continuity and trusting "
        "relationships with staff but often felt poorly informed and excluded from decisions. "
        "Providers reported poor communication and information sharing between teams, unclear "
        "roles, and not enough staff or time.",
        "resource_constraints;communication_professionals;training_support;informatics;"
        "communication_patients;patient_engagement;patient_expectations",
    ),
    (
        "gold:davies2011",
        "Davies SL; Goodman C; Bunn F",
        2011,
        "BMC Health Serv Res",
        "A systematic review of integrated working between care homes and health care services",
        "A systematic review of studies on how care homes for older people work with NHS "
        "services. Few studies evaluated integrated working, and most described care home staff "
        "and health professionals working in parallel, with limited shared communication and "
        "with care home staff undervalued by health services.",
        "communication_professionals;information_recorded;culture_social_sector",
    ),
    (
        "gold:gage2012",
        "Gage H; Dickinson A; Victor C",
        2012,
        "BMC Geriatr",
        "Integrated working between residential care homes and primary care: a survey of care "
        "homes in England",
        "A national survey of residential care homes in England described how they worked with "
        "primary care. Access to GPs and community health services varied widely between "
        "areas, some homes paid GP practices for extra visits, and joint working such as shared "
        "records or joint meetings was uncommon.",
        "geographical_restrictions;commissioning;communication_professionals",
    ),
    (
        "gold:hughes2020",
        "Hughes G; Shaw SE; Greenhalgh T",
        2020,
        "Milbank Q",
        "Rethinking integrated care: a systematic hermeneutic review of the literature on "
        "integrated care strategies and concepts",
        "A hermeneutic review of the integrated care literature traced how the concept has been "
        "understood in different research traditions. It concludes that integration is a "
        "contested and multifaceted idea that is better seen as ongoing work across "
        "organisations than as a single model to be implemented.",
        "",
    ),
    (
        "gold:stokes2016",
        "Stokes J; Kristensen SR; Checkland K",
        2016,
        "BMJ Open",
        "Effectiveness of multidisciplinary team case management: difference-in-differences "
        "analysis",
        "An English programme of multidisciplinary team case management for patients at high "
        "risk of admission was evaluated with a difference-in-differences design. It did not "
        "reduce hospital use or costs, although patients reported slightly better experience "
        "of care.",
        "",
    ),
    (
        "gold:elliott2017",
        "Elliott M; Nicholson C",
        2017,
        "BMJ Support Palliat Care",
        "A qualitative study exploring use of the surprise question in the care of older "
        "people: perceptions of general practitioners and challenges for practice",
        "GPs were interviewed about using the surprise question to identify older people who "
        "might die within a year. They found frailty and slow decline hard to recognise, so "
        "care for frail older people tended to respond to crises rather than plan ahead.",
        "culture_frail_elderly",
    ),
    (
        "gold:oliver2014",
        "Oliver D; Foot C; Humphries R",
        2014,
        "The King's Fund",
        "Making our health and care systems fit for an ageing population",
        "This report sets out how services for older people should change. It finds care "
        "organised around single diseases and separate organisations, with older people too "
        "often reaching help only at a point of crisis, and calls for prevention, coordinated "
        "care and attention to frailty and dementia.",
        "fragmented_structure;culture_frail_elderly",
    ),
]


def main() -> None:
    out = Path(__file__).with_name("gold.csv")
    rows = sorted(STUDIES)
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(
            ["record_id", "citation", "authors", "year", "journal", "title", "abstract", "codes"]
        )
        for record_id, authors, year, journal, title, summary, codes in rows:
            names = [a.rsplit(" ", 1)[0] for a in authors.split("; ")]
            cite = names[0] if len(names) == 1 else f"{names[0]} et al."
            writer.writerow(
                [record_id, f"{cite} {year}", authors, year, journal, title, summary, codes]
            )


if __name__ == "__main__":
    main()
