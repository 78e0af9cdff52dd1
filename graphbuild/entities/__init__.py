"""Entities: mentions of actors and places read off a parsed article, and which of them denote the same actor."""
