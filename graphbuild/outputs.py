"""The output folder of a build: which folder, and its four files written
all or none.

Takes a ``KnowledgeGraph`` and a folder; gives graph.ttl, events.csv,
triples.csv and graph.html in it. ``graphbuild build`` and
``graphbuild.Graph.save`` both write through ``write_outputs``, so the two
give the same bytes and the same all-or-none switch.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from graphbuild.atomic import STAGING_PREFIX, finish_switch, switch_outputs, write_atomic
from graphbuild.rdf.statements import nt_triples
from graphbuild.rdf.turtle import text_turtle
from graphbuild.records import KnowledgeGraph
from graphbuild.render import tables, viz

# The files of a build, in the order they are written and switched into place.
OUTPUT_FILES = ("graph.ttl", "events.csv", "triples.csv", "graph.html")

DEFAULT_FOLDER = Path("out")


def output_folder(out: str | os.PathLike | None, to_store: bool) -> Path | None:
    """Where a build writes its files: ``out`` when given; otherwise out/,
    or nowhere when the build adds to a store (a store is its own output).

    >>> str(output_folder(None, to_store=False)), output_folder(None, to_store=True)
    ('out', None)
    >>> str(output_folder("site", to_store=True))
    'site'
    """
    if out is not None:
        return Path(out)
    return None if to_store else DEFAULT_FOLDER


def write_outputs(kg: KnowledgeGraph, folder: str | os.PathLike, title: str = "graphbuild") -> int:
    """Write graph.ttl, events.csv, triples.csv and graph.html into
    ``folder``, all or none; returns the number of triples in graph.ttl
    (``kg.rdf_triples`` says which open triples it holds).

    Each file is written atomically into a hidden staging folder inside
    ``folder``, then renamed into place one after the other, so a build
    killed while writing leaves the previous files as they were. The staging
    folder is marked complete before the renames: a kill between two of them
    leaves it marked, and the next command that reads or writes the folder
    finishes the renames (``atomic.finish_switch``), so graphbuild never
    reads old and new side by side.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    finish_switch(folder, drop_incomplete=True)  # a build killed between its renames is completed first
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=folder))
    try:
        triples = nt_triples(kg)  # once, for the file and the count
        write_atomic(staging / "graph.ttl", text_turtle(triples))
        tables.write_events_csv(kg, staging / "events.csv")
        tables.write_triples_csv(kg, staging / "triples.csv")
        viz.render_html(kg, staging / "graph.html", title=title)
        switch_outputs(staging, folder, OUTPUT_FILES)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return len(triples)
