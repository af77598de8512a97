"""Scoring Marsad on public gold sets (``marsad eval``).

One module per gold set (``arabic_gsr``, ``plover``, ``petrarch``, ``ner``), each with
readers that apply the shared dev/test split rule and a scorer over any coder;
``common`` holds the split rule, metrics and the report shape; ``cli`` the Typer app.
The gold files are read from a folder given at run time and never copied here.
"""

from marsad.evaluation.common import PRF, Report, Row, in_split, split_of

__all__ = ["PRF", "Report", "Row", "in_split", "split_of"]
