"""The event coder: ontology, lexicons, dates, and the rules that turn sentences into events."""

from marsad.coding.coder import code_events
from marsad.coding.lexicon import Lexicon, get_lexicon, load_lexicon
from marsad.coding.ontology import Ontology, get_ontology, load_ontology, quad_class

__all__ = ["Lexicon", "Ontology", "code_events", "get_lexicon", "get_ontology", "load_lexicon", "load_ontology",
           "quad_class"]
