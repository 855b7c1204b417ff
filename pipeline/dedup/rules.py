"""The decision rule: an explainable verdict for each scored pair.

A pair is a duplicate when one of the *joining rules* holds and no *veto* does. Each verdict
names the rule (or the veto) so that a person can see why two records were joined or kept
apart (``rule`` / ``reason`` columns of ``clusters.csv`` and ``uncertain_pairs.csv``).

Vetoes (checked first; a person's ``same`` decision is the only thing that overrides them):

* different PMIDs;
* different DOIs — except when one of them is not a valid DOI *for its record* (it names
  another journal: :func:`~pipeline.dedup.keys.doi_contradicts_journal`, another
  paper's DOI pasted in, seen in real exports) and every other field agrees exactly
  (title, year, first author, journal, first page, and volume where both give one); the
  pair is then joined by ``doi-conflict-override`` *and* listed for a person to check;
* an erratum/corrigendum, retraction, reply or comment and any other kind of item;
* a protocol and a paper that is not one;
* different numbers in the titles ("Part 1" / "Part 2", "type 1" / "type 2");
* a generic title ("Editorial", "Reply", "Book review", the journal's name): only a
  shared identifier or full agreement of every field joins those;
* a conference abstract and a journal article, unless ``merge_conference=True``, when
  their year, journal or pages differ (the abstract and the later full paper);
* different first authors, the same surname with other initials ("Wang M" / "Wang F"),
  or author lists that share under half their names (same title, other authors: another
  abstract or paper) — unless a DOI or PMID is shared.

Joining rules, strongest first (the order also orders union-find: see ``clusters.py``):

``doi`` / ``pmid``
    same identifier and titles at least 70 alike (a shared DOI alone is not enough: it can
    be a supplement's DOI shared by a hundred conference abstracts, or a wrong DOI);
``title``
    titles >= 95 alike, same year (or one missing), first authors agree, journals do not
    disagree (or the first pages agree), first pages do not disagree;
``title-year1``
    as ``title`` with years one apart (online-first vs issue year), if the journals agree
    and neither is a conference record;
``fuzzy-title``
    titles >= 88 alike or one is the other plus a subtitle, same year, first authors and
    journals agree, and the first page or volume agrees;
``generic-all-fields``
    generic titles equal and every other field agrees (first page, or volume and issue
    when one record has no pages; authors largely the same);
``conference-paper``
    only with ``merge_conference=True``: a conference record and an article with titles
    >= 95 alike, the same first author and years at most one apart.

A pair is *uncertain* (listed for a person) when it was joined by a weak rule or kept
apart although its titles are very alike.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from pipeline.progress import progress

#: Rules in the order their edges are applied (strongest first).
RULES: tuple[str, ...] = (
    "person",
    "doi",
    "pmid",
    "title",
    "title-year1",
    "fuzzy-title",
    "generic-all-fields",
    "conference-paper",
    "doi-conflict-override",
)
#: Rules allowed to join components with different DOIs.
DOI_OVERRIDE_RULES = frozenset({"person", "doi-conflict-override"})

STRONG_TITLE = 95.0
FUZZY_TITLE = 88.0
ID_TITLE = 70.0
JOURNAL_AGREE = 0.8
#: Titles at least this alike (after normalisation) count as the same title when a pair
#: also agrees on year and first page (or volume and issue).
CORROBORATED_TITLE = 97.0


@dataclass(frozen=True)
class RuleOptions:
    """Tunables of the decision rule (keyword-only in :func:`pipeline.dedup.deduplicate`)."""

    merge_conference: bool = False
    strong_title: float = STRONG_TITLE
    fuzzy_title: float = FUZZY_TITLE


def _verdict(f: dict, i: int, j: int, s: dict, opt: RuleOptions) -> tuple[bool, str, str, bool]:
    """``(same, rule, reason, uncertain)`` for records ``i`` and ``j``."""
    title = s["title"]
    title = -1.0 if math.isnan(title) else title
    prefix = s["title_prefix"]
    fa = s["first_author"]
    fa_true = fa == 1.0
    fa_false = fa == 0.0
    dy = s["year_diff"]
    year_same = math.isnan(dy) or dy == 0
    jm = s["journal"]
    j_same = not math.isnan(jm) and jm >= JOURNAL_AGREE
    j_differ = not math.isnan(jm) and jm < JOURNAL_AGREE
    pages = s["pages"]
    # Another journal and other pages or volume, or another volume and other pages: the
    # same title elsewhere (an abstract and a paper, a reprint): kept apart without asking.
    elsewhere = (j_differ and (pages == "differ" or s["volume"] == "differ")) or (
        s["volume"] == "differ" and (pages == "differ" or not year_same)
    )
    near = title >= opt.strong_title and (fa_true or year_same) and not elsewhere
    # An author field whose convention could not be told is no evidence against a pair.
    sure = f["authors_sure"][i] and f["authors_sure"][j]

    if f["notice"][i] != f["notice"][j]:
        kinds = sorted(k or "article" for k in (f["notice"][i], f["notice"][j]))
        return False, "", f"{kinds[0]} vs {kinds[1]}", False
    if f["protocol"][i] != f["protocol"][j]:
        return False, "", "protocol vs report", False
    ni, nj = f["numbers"][i], f["numbers"][j]
    if ni and nj and ni != nj:
        return False, "", "different numbers in titles", False
    if s["pmid"] == "differ":
        return False, "", "different PMIDs", near and fa_true and year_same
    if title < 0:
        return False, "", "title missing", s["doi"] == "same" or s["pmid"] == "same"
    generic = f["generic"][i] or f["generic"][j]
    # Same title, year and place in the journal (first page, or volume and issue): the
    # journal veto cannot split such a pair, nor can the author vetoes when the first page
    # agrees. With volume and issue alone (one record has no pages), two author lists read
    # with confidence that differ still veto: a same-titled paper by others in that issue.
    same_title_year = not generic and title >= CORROBORATED_TITLE and not math.isnan(dy)
    same_title_year = same_title_year and dy == 0
    on_page = same_title_year and pages == "same" and s["volume"] != "differ"
    in_issue = same_title_year and s["volume"] == "same" and s["issue"] == "same"
    corroborated = on_page or (in_issue and pages != "differ")
    authors_overruled = on_page
    if s["doi"] == "same" or s["pmid"] == "same":
        rule = "doi" if s["doi"] == "same" else "pmid"
        if generic and title < 100:
            return False, "", f"same {rule.upper()}, generic titles differ", True
        if pages == "differ" and not (title == 100 and s["authors"] >= 0.8):
            # One DOI for a whole supplement: abstracts on different pages are different.
            return False, "", f"same {rule.upper()}, first pages differ", title >= 85
        if title >= ID_TITLE or prefix:
            if rule == "pmid" and s["doi"] == "differ":
                return False, "", "same PMID, different DOIs", True
            return True, rule, "", False
        # A supplement's DOI shared by many abstracts: titles this different are not asked.
        return False, "", f"same {rule.upper()}, titles differ", title >= 55
    if fa_false and sure and not authors_overruled:
        return False, "", "different first authors", near and year_same and title >= 98
    # Same surname, other person ("Wang M" / "Wang F"), or other co-authors: another paper
    # with the same title (a conference abstract series, a re-used title).
    ii, ij = f["initial"][i], f["initial"][j]
    if fa_true and ii and ij and ii != ij and sure and not authors_overruled:
        return False, "", "first authors' initials differ", near and year_same
    few = s["authors"] < 0.5 and f["n_authors"][i] >= 2 and f["n_authors"][j] >= 2
    if few and sure and not authors_overruled:
        return False, "", "author lists differ", near and year_same
    all_fields = (
        title >= 98
        and (not math.isnan(dy) and dy == 0)
        and fa_true
        and j_same
        and pages == "same"
        and s["volume"] != "differ"
    )
    if s["doi"] == "differ":
        suspect = f["doi_suspect"][i] or f["doi_suspect"][j]
        if all_fields and suspect:
            return True, "doi-conflict-override", "different DOIs, every other field agrees", True
        return False, "", "different DOIs", near and year_same and fa_true
    if generic:
        # The same item kind in the same journal issue by the same authors: one item,
        # even when one database has no pages for it. Other issues, pages or authors: not.
        # An online-first year (one apart) is allowed when volume and first page agree.
        year_ok = not math.isnan(dy) and (dy == 0 or (dy == 1 and pages == "same"))
        same_issue = (
            title == 100
            and year_ok
            and fa_true
            and s["authors"] >= 0.8
            and j_same
            and s["volume"] == "same"
            and s["issue"] != "differ"
            and (s["issue"] == "same" or pages == "same")
            and pages != "differ"
        )
        if (all_fields and title == 100) or same_issue:
            # Listed for a person only when no first page confirms it.
            return True, "generic-all-fields", "", pages != "same"
        return False, "", "generic title", False
    conf_i, conf_j = f["conference"][i], f["conference"][j]
    apart = not year_same or j_differ or pages == "differ"
    if conf_i != conf_j and apart:
        if not opt.merge_conference:
            # Another year or other pages: the abstract and the later paper, as expected.
            clear = not year_same or pages == "differ"
            return False, "", "conference record vs article", near and fa_true and not clear
        if title >= opt.strong_title and fa_true and not math.isnan(dy) and dy <= 1:
            return True, "conference-paper", "", True
    if title >= opt.strong_title:
        unknown = math.isnan(fa) or not sure
        authors_ok = (
            fa_true or corroborated or (unknown and title >= 98 and (j_same or pages == "same"))
        )
        if year_same and authors_ok:
            if pages == "differ":
                return False, "", "first pages differ", not elsewhere
            if j_differ and pages != "same" and not corroborated:
                return False, "", "journals differ", fa_true and title >= 98
            return True, "title", "", not fa_true and not corroborated
        if (
            dy == 1
            and fa_true
            and j_same
            and not conf_i
            and not conf_j
            and pages != "differ"
            and s["volume"] != "differ"
        ):
            return True, "title-year1", "", pages != "same"
        if not authors_ok and year_same:
            return False, "", "authors missing", title >= 98
        return False, "", "years differ", dy == 1 and fa_true and not elsewhere
    if (title >= opt.fuzzy_title or prefix) and year_same and fa_true and j_same:
        if pages == "same" or s["volume"] == "same":
            return True, "fuzzy-title", "", title < 92
        return False, "", "similar titles, nothing else confirms", True
    return False, "", "titles differ", title >= opt.fuzzy_title and fa_true and year_same


def decide(
    features: pd.DataFrame,
    scores: pd.DataFrame,
    *,
    options: RuleOptions | None = None,
    decisions: dict[tuple[int, int], str] | None = None,
) -> pd.DataFrame:
    """Add ``same``, ``rule``, ``reason``, ``uncertain`` to ``scores``.

    ``decisions`` maps position pairs ``(i, j)``, ``i < j``, to a person's ``"same"`` or
    ``"different"``, which replaces the rule's verdict (``rule`` ``person``).
    """
    opt = options or RuleOptions()
    decisions = decisions or {}
    cols = (
        "notice",
        "protocol",
        "numbers",
        "generic",
        "conference",
        "doi_suspect",
        "initial",
        "authors_sure",
    )
    f = {c: features[c].tolist() for c in cols}
    f["n_authors"] = [len(a) for a in features["authors"].tolist()]
    verdicts = []
    for s in progress(scores.to_dict("records"), desc="dedup: rules", unit="pair"):
        i, j = int(s["i"]), int(s["j"])
        verdicts.append(_verdict(f, i, j, s, opt))
    out = scores.copy()
    if verdicts:
        same, rule, reason, uncertain = zip(*verdicts, strict=True)
    else:
        same = rule = reason = uncertain = ()
    out["same"] = np.asarray(same, dtype=bool)
    out["rule"] = list(rule)
    out["reason"] = list(reason)
    out["uncertain"] = np.asarray(uncertain, dtype=bool)
    if decisions and len(out):
        keys = list(zip(out["i"].tolist(), out["j"].tolist(), strict=True))
        for row, key in enumerate(keys):
            verdict = decisions.get(key)
            if verdict is None:
                continue
            out.iat[row, out.columns.get_loc("same")] = verdict == "same"
            out.iat[row, out.columns.get_loc("rule")] = "person" if verdict == "same" else ""
            out.iat[row, out.columns.get_loc("reason")] = f"person: {verdict}"
            out.iat[row, out.columns.get_loc("uncertain")] = False
    return out
