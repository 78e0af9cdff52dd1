"""The knowledge graph of a corpus: entities merged across documents, events corroborated across reports."""
