"""Ingest: files, folders and standard input to a stream of plain ``Article`` records, one reader per format."""
