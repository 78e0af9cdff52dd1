# %% [markdown]
# # graphbuild from Python
#
# A notebook-style walk through the Python API: each `# %%` cell runs as a
# cell in Jupyter, VS Code or Spyder, and the whole file runs as a script:
#
#     python examples/api_example.py [OUTPUT_FOLDER]     # default: out-api/
#
# It builds a graph from the example articles in two steps, queries it, and
# hands it to networkx and pandas.

# %%
import json
import sys
from pathlib import Path

import graphbuild

HERE = Path(__file__).resolve().parent
OUT = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("out-api")

# %% [markdown]
# ## Build from records, then add more
#
# `graphbuild.build` takes texts (plain strings), records (dicts with `text`
# and optional `id`, `date`, `title`, `source`, `url`) or file paths
# (`pathlib.Path`). `add` builds more articles into the same graph: an event
# told again by a new source gains a source.

# %%
records = [json.loads(line) for line in (HERE / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
g = graphbuild.build(records[:1])
print(g)
g.add(records[1:])
g.add([HERE / "briefing.txt"])
print(g)

# %% [markdown]
# ## Query: canned queries by name, or your own SPARQL; parameters are bound

# %%
for row in g.query("actor-events", actor="rafael moreira"):
    print(f"{row['predicate']:12} {row['other']:15} {row['status']:9} {row['date'] or ''}")

rows = g.query("SELECT (COUNT(?e) AS ?n) WHERE { ?e a gb:Event ; gb:status ?s } ", s="asserted")
print("asserted events:", rows[0]["n"])

# %% [markdown]
# ## networkx and pandas

# %%
G = g.to_networkx()
print(G.number_of_nodes(), "nodes,", G.number_of_edges(), "edges")

df = g.to_dataframe()  # needs pandas: pip install 'graphbuild[pandas]'
print(df.groupby("event_type")["event_id"].nunique().sort_values(ascending=False).to_string())

# %% [markdown]
# ## Analytics, paths, validation

# %%
stats = g.stats(top=3)
print("most central:", ", ".join(a["label"] for a in stats["central_actors"]))
for pair in stats["country_pairs"][:3]:
    print(f"{pair['a']}-{pair['b']}: {pair['cooperation']} cooperative, {pair['conflict']} conflictual")

chain = g.paths("Yusuf Tuggar", "Bola Tinubu")["chains"][0]
print(" -> ".join([chain[0]["from"]] + [hop["to"] for hop in chain]))

print("valid:", g.validate().conforms)

# %% [markdown]
# ## The page and the files
#
# In Jupyter, `g.html()` as the last line of a cell shows the interactive
# graph inline. Here it is saved with the other files.

# %%
page = g.html(title="Example articles")
files = g.save(OUT)
files["graphml"] = g.export(OUT / "graph.graphml")
for kind, path in sorted(files.items()):
    print(f"{kind:8} {path}")
