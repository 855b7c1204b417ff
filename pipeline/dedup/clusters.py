"""Union-find clusters with cannot-link constraints.

Joining pairs one at a time and taking connected components lets one weak pair chain two
different papers together (A~B, B~C, yet A and C have different DOIs). Here each component
carries the DOIs and PMIDs of its records and the person's ``different`` decisions that
involve them, and a join that would put two different DOIs (or PMIDs, or a pair a person
said is different) into one component is refused. Edges are applied strongest first
(:data:`pipeline.dedup.rules.RULES` order, then title score, then positions), so the result
does not depend on input order.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence


class ConstrainedUnionFind:
    """Disjoint sets over positions ``0..n-1`` whose members' identifiers must agree."""

    def __init__(
        self,
        dois: Sequence[str],
        pmids: Sequence[str],
        cannot_link: Iterable[tuple[int, int]] = (),
    ) -> None:
        n = len(dois)
        self.parent = list(range(n))
        self.size = [1] * n
        # Per root: identifiers of the component, and tags of cannot-link pairs (k, side).
        self.dois: dict[int, set[str]] = {p: {d} for p, d in enumerate(dois) if d}
        self.pmids: dict[int, set[str]] = {p: {d} for p, d in enumerate(pmids) if d}
        self.apart: dict[int, dict[int, int]] = {}
        for k, (a, b) in enumerate(cannot_link):
            self.apart.setdefault(a, {})[k] = self.apart.get(a, {}).get(k, 0) | 1
            self.apart.setdefault(b, {})[k] = self.apart.get(b, {}).get(k, 0) | 2

    def find(self, x: int) -> int:
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:  # path compression
            self.parent[x], x = root, self.parent[x]
        return root

    def conflict(self, a: int, b: int, *, allow_doi_conflict: bool = False) -> str:
        """Why components ``a`` and ``b`` (roots) may not be joined, or ``""``."""
        ta, tb = self.apart.get(a), self.apart.get(b)
        if ta and tb:
            for k, side in ta.items():
                if tb.get(k, 0) | side == 3:
                    return "a person said different"
        if not allow_doi_conflict:
            da, db = self.dois.get(a), self.dois.get(b)
            if da and db and da.isdisjoint(db):
                return "different DOIs in the two clusters"
            pa, pb = self.pmids.get(a), self.pmids.get(b)
            if pa and pb and pa.isdisjoint(pb):
                return "different PMIDs in the two clusters"
        return ""

    def union(self, x: int, y: int, *, allow_doi_conflict: bool = False) -> str:
        """Join the components of ``x`` and ``y``; return ``""`` or why it was refused."""
        a, b = self.find(x), self.find(y)
        if a == b:
            return ""
        why = self.conflict(a, b, allow_doi_conflict=allow_doi_conflict)
        if why:
            return why
        if self.size[a] < self.size[b]:
            a, b = b, a
        self.parent[b] = a
        self.size[a] += self.size[b]
        for table in (self.dois, self.pmids):
            if b in table:
                table.setdefault(a, set()).update(table.pop(b))
        if b in self.apart:
            merged = self.apart.setdefault(a, {})
            for k, side in self.apart.pop(b).items():
                merged[k] = merged.get(k, 0) | side
        return ""

    def labels(self) -> list[int]:
        """The root of every position."""
        return [self.find(x) for x in range(len(self.parent))]
