"""Syntax: UD dependency parses for Arabic, English and French (see docs/ARCHITECTURE.md)."""
