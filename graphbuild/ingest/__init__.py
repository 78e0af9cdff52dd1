"""Ingest: files, folders and standard input to a stream of plain ``Article`` records, one reader per format.

``read.read_articles`` is the entry point; ``skips.Skip`` is what it
reports. The parts, in the order a file meets them:

- ``paths``: what was named (files, folders, globs, ``-``) to the files to
  read; only regular files are opened (no FIFO or device hangs the batch).
- ``decode``: bytes to text; UTF-8 only (BOM dropped), an HTML page's
  declared charset; empty, binary and UTF-16 input refused.
- ``lines``: a file or stream line by line, never more than the size limit of one.
- the readers, one per format: ``text`` (.txt, .md via ``markdown``),
  ``htmlpage`` (.html, .htm), ``jsonl`` (.jsonl, .ndjson), ``csvfile``
  (.csv, its records split by ``csvrows``), ``stdin`` (``-``).
- ``fields``: a record's fields (JSON object, CSV row) to an ``Article``;
  ids, titles and URLs cleaned.
- ``pubdate``: a record's or page's publication date as an ISO date.
- ``skips``: how a reader says what it could not read.

``datelines`` is used later, by the pipeline: the "SEOUL (Reuters) -" a
wire report opens with.
"""
