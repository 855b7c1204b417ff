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


#: ``(same, rule, reason, uncertain)``: the verdict on one pair.
Verdict = tuple[bool, str, str, bool]


class _Pair:
    """What the rules read about one candidate pair: its scores and the facts derived from
    them and from both records' features (``f`` columns at positions ``i`` and ``j``)."""

    def __init__(self, f: dict, i: int, j: int, s: dict) -> None:
        self.f, self.i, self.j, self.s = f, i, j, s
        title = s["title"]
        self.title = title = -1.0 if math.isnan(title) else title
        self.prefix = s["title_prefix"]
        self.fa = fa = s["first_author"]
        self.fa_true, self.fa_false = fa == 1.0, fa == 0.0
        self.dy = dy = s["year_diff"]
        self.year_same = year_same = math.isnan(dy) or dy == 0
        jm = s["journal"]
        self.j_same = not math.isnan(jm) and jm >= JOURNAL_AGREE
        self.j_differ = j_differ = not math.isnan(jm) and jm < JOURNAL_AGREE
        self.pages = pages = s["pages"]
        # Another journal and other pages or volume, or another volume and other pages: the
        # same title elsewhere (an abstract and a paper, a reprint): kept apart without asking.
        self.elsewhere = (j_differ and (pages == "differ" or s["volume"] == "differ")) or (
            s["volume"] == "differ" and (pages == "differ" or not year_same)
        )
        # An author field whose convention could not be told is no evidence against a pair.
        self.sure = f["authors_sure"][i] and f["authors_sure"][j]
        self.generic = generic = f["generic"][i] or f["generic"][j]
        # Same title, year and place in the journal (first page, or volume and issue): the
        # journal veto cannot split such a pair, nor can the author vetoes when the first
        # page agrees. With volume and issue alone (one record has no pages), two author
        # lists read with confidence that differ still veto: a same-titled paper by others
        # in that issue.
        same_title_year = not generic and title >= CORROBORATED_TITLE and not math.isnan(dy)
        same_title_year = same_title_year and dy == 0
        on_page = same_title_year and pages == "same" and s["volume"] != "differ"
        in_issue = same_title_year and s["volume"] == "same" and s["issue"] == "same"
        self.corroborated = on_page or (in_issue and pages != "differ")
        self.authors_overruled = on_page
        self.all_fields = (
            title >= 98
            and (not math.isnan(dy) and dy == 0)
            and self.fa_true
            and self.j_same
            and pages == "same"
            and s["volume"] != "differ"
        )

    def near(self, opt: RuleOptions) -> bool:
        """A title this alike, by the same first author or in the same year, in no other
        place: worth a person's look when a rule keeps the pair apart."""
        return (
            self.title >= opt.strong_title
            and (self.fa_true or self.year_same)
            and not self.elsewhere
        )


def _verdict(f: dict, i: int, j: int, s: dict, opt: RuleOptions) -> Verdict:
    """``(same, rule, reason, uncertain)`` for records ``i`` and ``j``: the first of the
    rule groups below that has a verdict, in this order."""
    p = _Pair(f, i, j, s)
    return (
        _kinds_differ(p, opt)
        or _shared_identifier(p)
        or _author_vetoes(p, opt)
        or _doi_conflict(p, opt)
        or _generic_titles(p)
        or _conference(p, opt)
        or _by_title(p, opt)
    )


def _kinds_differ(p: _Pair, opt: RuleOptions) -> Verdict | None:
    """Never the same paper: another item kind, protocol vs report, other numbers in the
    titles, other PMIDs; and no verdict at all without a title."""
    f, i, j, s = p.f, p.i, p.j, p.s
    if f["notice"][i] != f["notice"][j]:
        kinds = sorted(k or "article" for k in (f["notice"][i], f["notice"][j]))
        return False, "", f"{kinds[0]} vs {kinds[1]}", False
    if f["protocol"][i] != f["protocol"][j]:
        return False, "", "protocol vs report", False
    ni, nj = f["numbers"][i], f["numbers"][j]
    if ni and nj and ni != nj:
        return False, "", "different numbers in titles", False
    if s["pmid"] == "differ":
        return False, "", "different PMIDs", p.near(opt) and p.fa_true and p.year_same
    if p.title < 0:
        return False, "", "title missing", s["doi"] == "same" or s["pmid"] == "same"
    return None


def _shared_identifier(p: _Pair) -> Verdict | None:
    """The same DOI or PMID: the same paper unless titles or first pages say otherwise."""
    s, title = p.s, p.title
    if not (s["doi"] == "same" or s["pmid"] == "same"):
        return None
    rule = "doi" if s["doi"] == "same" else "pmid"
    if p.generic and title < 100:
        return False, "", f"same {rule.upper()}, generic titles differ", True
    if p.pages == "differ" and not (title == 100 and s["authors"] >= 0.8):
        # One DOI for a whole supplement: abstracts on different pages are different.
        return False, "", f"same {rule.upper()}, first pages differ", title >= 85
    if title >= ID_TITLE or p.prefix:
        if rule == "pmid" and s["doi"] == "differ":
            return False, "", "same PMID, different DOIs", True
        return True, rule, "", False
    # A supplement's DOI shared by many abstracts: titles this different are not asked.
    return False, "", f"same {rule.upper()}, titles differ", title >= 55


def _author_vetoes(p: _Pair, opt: RuleOptions) -> Verdict | None:
    """Author lists read with confidence that differ (unless the first page corroborates)."""
    if not p.sure or p.authors_overruled:
        return None
    f, i, j, s = p.f, p.i, p.j, p.s
    near_year = p.near(opt) and p.year_same
    if p.fa_false:
        return False, "", "different first authors", near_year and p.title >= 98
    # Same surname, other person ("Wang M" / "Wang F"), or other co-authors: another paper
    # with the same title (a conference abstract series, a re-used title).
    ii, ij = f["initial"][i], f["initial"][j]
    if p.fa_true and ii and ij and ii != ij:
        return False, "", "first authors' initials differ", near_year
    if s["authors"] < 0.5 and f["n_authors"][i] >= 2 and f["n_authors"][j] >= 2:
        return False, "", "author lists differ", near_year
    return None


def _doi_conflict(p: _Pair, opt: RuleOptions) -> Verdict | None:
    """Different DOIs: apart, unless one DOI looks wrong and every other field agrees."""
    if p.s["doi"] != "differ":
        return None
    suspect = p.f["doi_suspect"][p.i] or p.f["doi_suspect"][p.j]
    if p.all_fields and suspect:
        return True, "doi-conflict-override", "different DOIs, every other field agrees", True
    return False, "", "different DOIs", p.near(opt) and p.year_same and p.fa_true


def _generic_titles(p: _Pair) -> Verdict | None:
    """Generic titles ("Editorial"): the same item only in the same journal issue by the
    same authors, even when one database has no pages for it. Other issues, pages or
    authors: not. An online-first year (one apart) is allowed when volume and first page
    agree."""
    if not p.generic:
        return None
    s, dy, pages = p.s, p.dy, p.pages
    year_ok = not math.isnan(dy) and (dy == 0 or (dy == 1 and pages == "same"))
    same_issue = (
        p.title == 100
        and year_ok
        and p.fa_true
        and s["authors"] >= 0.8
        and p.j_same
        and s["volume"] == "same"
        and s["issue"] != "differ"
        and (s["issue"] == "same" or pages == "same")
        and pages != "differ"
    )
    if (p.all_fields and p.title == 100) or same_issue:
        # Listed for a person only when no first page confirms it.
        return True, "generic-all-fields", "", pages != "same"
    return False, "", "generic title", False


def _conference(p: _Pair, opt: RuleOptions) -> Verdict | None:
    """A conference record and an article in another year, journal or pages."""
    conf_i, conf_j = p.f["conference"][p.i], p.f["conference"][p.j]
    apart = not p.year_same or p.j_differ or p.pages == "differ"
    if conf_i == conf_j or not apart:
        return None
    if not opt.merge_conference:
        # Another year or other pages: the abstract and the later paper, as expected.
        clear = not p.year_same or p.pages == "differ"
        return False, "", "conference record vs article", p.near(opt) and p.fa_true and not clear
    if p.title >= opt.strong_title and p.fa_true and not math.isnan(p.dy) and p.dy <= 1:
        return True, "conference-paper", "", True
    return None


def _by_title(p: _Pair, opt: RuleOptions) -> Verdict:
    """What is left: the title's score, with year, authors, journal and pages to confirm."""
    s, title, dy, pages, fa_true = p.s, p.title, p.dy, p.pages, p.fa_true
    if title >= opt.strong_title:
        unknown = math.isnan(p.fa) or not p.sure
        authors_ok = (
            fa_true or p.corroborated or (unknown and title >= 98 and (p.j_same or pages == "same"))
        )
        if p.year_same and authors_ok:
            if pages == "differ":
                return False, "", "first pages differ", not p.elsewhere
            if p.j_differ and pages != "same" and not p.corroborated:
                return False, "", "journals differ", fa_true and title >= 98
            return True, "title", "", not fa_true and not p.corroborated
        conference = p.f["conference"][p.i] or p.f["conference"][p.j]
        if (
            dy == 1
            and fa_true
            and p.j_same
            and not conference
            and pages != "differ"
            and s["volume"] != "differ"
        ):
            return True, "title-year1", "", pages != "same"
        if not authors_ok and p.year_same:
            return False, "", "authors missing", title >= 98
        return False, "", "years differ", dy == 1 and fa_true and not p.elsewhere
    if (title >= opt.fuzzy_title or p.prefix) and p.year_same and fa_true and p.j_same:
        if pages == "same" or s["volume"] == "same":
            return True, "fuzzy-title", "", title < 92
        return False, "", "similar titles, nothing else confirms", True
    return False, "", "titles differ", title >= opt.fuzzy_title and fa_true and p.year_same


#: The per-record feature columns (of :func:`pipeline.dedup.keys.prepare`) the rules read.
RULE_FEATURES = (
    "notice",
    "protocol",
    "numbers",
    "generic",
    "conference",
    "doi_suspect",
    "initial",
    "authors_sure",
)


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
    f = {c: features[c].tolist() for c in RULE_FEATURES}
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
