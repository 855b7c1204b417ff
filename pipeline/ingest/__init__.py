"""Ingest: bibliographic exports -> one records table (the record model), a per-file report
and a quarantine table.

Reads RIS (Ovid, Embase, EBSCO, Scopus, Web of Science, EndNote, Zotero, Mendeley, ProQuest,
Cochrane), PubMed/MEDLINE (``.nbib``), PubMed XML, Web of Science plain text, Cochrane Library
plain text, BibTeX, CSV/TSV (ASReview, Scopus, Web of Science, Embase, Zotero) and EndNote
XML; the format is detected by content.
A records table (``.parquet``) is passed through.

Adds nothing to an existing table; produces the model's columns (``pipeline.records``):
``source`` (database), ``source_file`` (file name as given), ``source_index`` (0-based
position of the record in the file, counting quarantined records too) and ``original`` (the
source record's own fields as JSON).

Every record found in a file is either in the records table or in the quarantine table with
a line number and a reason (cut off by the end of the file, unparseable, a field over 1 MB,
neither title nor abstract). A file that cannot be read at all (empty, binary, unknown
format, an XML entity bomb) raises :class:`~pipeline.errors.DataError` naming the file.

Decisions:

- A RIS/WoS record whose ``ER`` is missing but which is followed by the next record's ``TY``
  is complete and is read (the report's ``warnings`` says so); a record cut off by the end of
  the file is quarantined, because its last field may be truncated.
- A field over 1,000,000 characters quarantines its record (the file is streamed line by
  line, so a 50 MB field costs memory once, not per copy).
- Encoding: a BOM decides (UTF-8, UTF-16 LE/BE), else strict UTF-8, else cp1252 (or line by
  line when UTF-8 and cp1252 lines are mixed); the report's ``encoding`` and ``warnings``
  say which.
- Speed: rows become typed columns in one pass (:mod:`pipeline.ingest.batches`). A RIS or
  MEDLINE file over :data:`~pipeline.ingest.read.PARALLEL_MIN_BYTES` is read in parts by
  worker processes (:mod:`pipeline.ingest.chunks`; ``workers=`` or ``SLR_INGEST_WORKERS``);
  the table, quarantine, warnings and errors are the same for any number of workers.
- ``keep_ids=True`` uses the input's own id (RIS ``ID``, a ``record_id``/``id`` column,
  BibTeX key, MEDLINE PMID, EndNote ``rec-number``, Cochrane ``ID``, WoS ``UT``) as
  ``record_id``; the id is in ``original`` either way.

Where things are: :mod:`~pipeline.ingest.registry` (one entry per format: detection,
splitting, parsing, default database), :mod:`~pipeline.ingest.read` (one file),
:mod:`~pipeline.ingest.batches` (rows -> typed columns), :mod:`~pipeline.ingest.combine`
(many files), :mod:`~pipeline.ingest.write` (the sorted table on disk, and one file's part
for ``slr ingest --part``/``--combine``), :mod:`~pipeline.ingest.report` (report and
quarantine rows), :mod:`~pipeline.ingest.encoding` and :mod:`~pipeline.ingest.chunks`
(bytes -> text, parts for workers). The format parsers are in :mod:`pipeline.formats`.
"""

from pipeline.ingest.batches import EXTRA_COLUMNS, MissingIdError
from pipeline.ingest.combine import combine_results, ingest_files, parse_spec
from pipeline.ingest.read import (
    DEFAULT_WORKERS,
    clean_result,
    read_file,
    read_file_result,
    resolve_workers,
)
from pipeline.ingest.registry import FORMATS, READERS, Reader, detect_format
from pipeline.ingest.report import QUARANTINE_COLUMNS, REPORT_COLUMNS, FileResult

__all__ = [
    "DEFAULT_WORKERS",
    "EXTRA_COLUMNS",
    "FORMATS",
    "QUARANTINE_COLUMNS",
    "READERS",
    "REPORT_COLUMNS",
    "FileResult",
    "MissingIdError",
    "Reader",
    "clean_result",
    "combine_results",
    "detect_format",
    "ingest_files",
    "parse_spec",
    "read_file",
    "read_file_result",
    "resolve_workers",
]
