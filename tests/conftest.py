"""Session fixtures shared by the test modules: one Coder, one schema validator, the demo article."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from marsad.pipeline import Coder

DEMO_PATH = Path(str(resources.files("marsad") / "data" / "demo" / "mali-russia-weapons.ar.txt"))
SCHEMA_PATH = Path(str(resources.files("marsad") / "data" / "schema" / "document.schema.json"))


@pytest.fixture(scope="session")
def coder() -> Coder:
    """The coder with the built-in knowledge base and lexicons, loaded once."""
    return Coder()


@pytest.fixture(scope="session")
def validator() -> Draft202012Validator:
    """A validator for the coded-document JSON schema (the schema itself is checked first)."""
    schema = json.loads(SCHEMA_PATH.read_text("utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


@pytest.fixture(scope="session")
def demo_path() -> Path:
    """Path of the reference article shipped as the demo document."""
    return DEMO_PATH


@pytest.fixture(scope="session")
def demo_text(demo_path: Path) -> str:
    """The reference article, as read."""
    return demo_path.read_text("utf-8")
