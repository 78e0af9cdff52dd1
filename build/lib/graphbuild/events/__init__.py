"""Events: typed PLOVER events read from parsed, resolved documents."""

from .extract import extract_events

__all__ = ["extract_events"]
