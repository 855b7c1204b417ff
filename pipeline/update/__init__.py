"""Updating a review: screen only what the new searches found that the previous version did not.

The previous version is a review folder (or its ``outputs/``) whose files are frozen: its
unique records, duplicate clusters, decisions, screening table and search log. An update:

1. :mod:`~pipeline.update.match` — matches each of its unique records to the previous
   version's (record id, then the dedup blocking, scores and rules): ``new`` or
   ``matched:<previous record_id>``;
2. :mod:`~pipeline.update.carry` — screens one set of records (previous + new, column
   ``update_status``) with the previous decisions carried unchanged, so the model learns
   from all of them and only the new records are queued;
3. :mod:`~pipeline.update.changes` — the "what changed" report and the PRISMA 2020 diagram
   for updated reviews (the "previous studies" column computed from the previous version);
4. :mod:`~pipeline.update.searches` — the search window from the previous search date and
   one search log for every version.
"""

from pipeline.update.carry import PREVIOUS, aliases, carry_decisions, only_new, screening_set
from pipeline.update.changes import change_table, previous_counts, prisma_tables, reconcile
from pipeline.update.match import MATCH_COLUMNS, NEW, match_previous
from pipeline.update.searches import blocks_markdown, merge_logs, mindate_from

__all__ = [
    "MATCH_COLUMNS",
    "NEW",
    "PREVIOUS",
    "aliases",
    "blocks_markdown",
    "carry_decisions",
    "change_table",
    "match_previous",
    "merge_logs",
    "mindate_from",
    "only_new",
    "previous_counts",
    "prisma_tables",
    "reconcile",
    "screening_set",
]
