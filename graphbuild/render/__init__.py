"""Rendering for people and tools: the HTML graph, the events table, GraphML/GEXF and other exports."""
