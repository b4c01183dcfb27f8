"""The output record, schema version 1 (shared/docs/OUTPUT_SCHEMA.md), as pydantic models.

`minutes schema` prints the JSON Schema generated from `Record`.
"""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1"

Status = Literal["present", "absent", "substitute", "secretariat", "other"]
Kind = Literal["protokoll", "referat", "innkalling", "saksliste", "other"]
EntityType = Literal["PERSON", "MUNICIPALITY", "COUNTY", "ORGANIZATION", "DATE", "AMOUNT"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Extractor(_Model):
    name: str
    version: str


class Source(_Model):
    path: str
    sha256: str
    pages: int
    ocr_pages: list[int] = Field(default_factory=list, description="1-based pages whose text came from OCR")
    extractor: Extractor


class Meeting(_Model):
    title: str | None = None
    kind: Kind = "other"
    body: str | None = Field(None, description="the organ that met")
    organization: str | None = Field(None, description="municipality / council / region it belongs to")
    date: str | None = Field(None, description="ISO date")
    start_time: str | None = Field(None, description="HH:MM")
    end_time: str | None = Field(None, description="HH:MM")
    location: str | None = None
    language: Literal["nb", "nn"] = "nb"


class Participant(_Model):
    name: str
    status: Status
    role: str | None = None
    party: str | None = None
    municipality: str | None = None
    county: str | None = None
    substitute_for: str | None = None
    page: int | None = None


class CaseItem(_Model):
    label: str
    title: str | None = None
    text: str = ""
    decision: str | None = None


class Case(_Model):
    number: str = Field(description="as written, without the Sak/PS/nr. prefix")
    seq: int | None = None
    year: int | None = None
    title: str | None = None
    text: str = ""
    decision: str | None = None
    items: list[CaseItem] = Field(default_factory=list)
    page_start: int | None = None
    page_end: int | None = None
    start: int | None = Field(None, description="offset of the case heading in Record.text")
    end: int | None = Field(None, description="offset where the case ends in Record.text")


class Entity(_Model):
    type: EntityType
    text: str
    value: str | int | float
    id: str | None = Field(None, description="official number of a municipality or county")
    currency: str | None = None
    page: int
    start: int
    end: int
    case: str | None = None


class Warning(_Model):
    code: str
    message: str
    page: int | None = None


class Record(_Model):
    schema_version: str = SCHEMA_VERSION
    id: str
    source: Source
    meeting: Meeting
    participants: list[Participant] = Field(default_factory=list)
    cases: list[Case] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    text: str = ""
    warnings: list[Warning] = Field(default_factory=list)


def json_schema() -> dict:
    return Record.model_json_schema()
