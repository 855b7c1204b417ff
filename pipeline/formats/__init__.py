"""Readers for bibliographic file formats that more than one stage needs.

Each reader takes the raw bytes of a file and returns ``(records, quarantined)``: records as
dictionaries keyed by the record model's columns (:mod:`pipeline.records`), and the records
that could not be read as ``{"record_index", "line", "reason", "raw"}`` dictionaries.
"""
