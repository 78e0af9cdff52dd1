"""RDF: the graphbuild vocabulary, the graph as triples and its serializations, SHACL validation."""
