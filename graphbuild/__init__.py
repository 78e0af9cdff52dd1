"""graphbuild: news articles in, a knowledge graph of who did what to whom out.

The Python API (``graphbuild/api.py``) in a few calls::

    import graphbuild

    g = graphbuild.build(["Brazil's foreign minister will visit Nigeria on Thursday."])
    g.add([{"id": "wire-2", "text": "...", "date": "2024-05-06", "source": "Wire"}])
    g = graphbuild.load("out/graph.ttl")           # a graph written before
    g.query("actor-events", actor="Rafael Moreira")  # SPARQL, canned or your own
    g.to_networkx(); g.to_dataframe(); g.to_rdf()
    g.stats(); g.paths("Rafael Moreira", "Bola Tinubu"); g.validate()
    g.html()                                        # inline in Jupyter
    g.save("out/"); g.export("graph.graphml")

The names are loaded on first use, so ``import graphbuild.records`` stays
cheap (spaCy is imported only by a build).
"""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["Graph", "HTML", "build", "load", "merge", "read", "articles_from"]

# The module that defines each name of ``__all__``.
_HOMES = {"read": "graphbuild.inputs", "articles_from": "graphbuild.inputs"}


def __getattr__(name: str):
    if name in __all__:
        from importlib import import_module

        return getattr(import_module(_HOMES.get(name, "graphbuild.api")), name)
    raise AttributeError(f"module 'graphbuild' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
