"""The actor knowledge base: YAML data, loading with validation, matching and coreference."""

from marsad.kb.base import KnowledgeBase, get_kb, load_kb
from marsad.kb.coref import resolve_references
from marsad.kb.matcher import find_mentions

__all__ = ["KnowledgeBase", "find_mentions", "get_kb", "load_kb", "resolve_references"]
