"""Events: typed PLOVER events read from parsed, resolved documents."""

from graphbuild.events.extract import extract_events

__all__ = ["extract_events"]
