"""Stores: the graph on disk, added to build after build, and graphs sent to a SPARQL server."""
