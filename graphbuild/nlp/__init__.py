"""NLP: the spaCy model, chosen, loaded and run over articles (with worker processes)."""
