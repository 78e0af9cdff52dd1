"""SPARQL: query text with bound parameters, run over a graph or a store, the canned queries."""
