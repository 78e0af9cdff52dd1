"""Reports on a graph: analytics over the networkx view, and scores against gold files."""
