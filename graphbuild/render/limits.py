"""How much of a graph one HTML page shows by default: a page of more
entities or events than a browser draws at ease is cut to its most
connected entities and most reported events (``focus.select``)."""

DEFAULT_MAX_NODES = 2000
DEFAULT_MAX_EDGES = 5000
