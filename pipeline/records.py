"""The output record, schema version 2 (shared/docs/OUTPUT_SCHEMA.md extended with provenance and votes), as
pydantic models.

`minutes schema` prints the JSON Schema generated from `Record`. Version 2 adds where each finding lies on its
page (`page`, `bbox`, `boxes`), stable entity ids, links from PERSON mentions to participants, the source of each
finding, and votes and outcomes per case; the official number of a municipality or county moved from `id` to
`number`.
"""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "2"
SCHEMA_ID = "https://minutes.invalid/schema/record-2.json"

Status = Literal["present", "absent", "substitute", "secretariat", "other"]
Kind = Literal["protokoll", "referat", "innkalling", "saksliste", "other"]
EntityType = Literal["PERSON", "MUNICIPALITY", "COUNTY", "ORGANIZATION", "DATE", "AMOUNT"]
FindingSource = Literal["rule", "model", "gazetteer", "list"]
VoteResult = Literal["adopted", "rejected", "unknown"]
Outcome = Literal["adopted", "rejected", "postponed", "noted", "unknown"]
BBox = tuple[float, float, float, float]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Box(_Model):
    page: int = Field(description="1-based page number")
    bbox: BBox = Field(description="[x0, top, x1, bottom] in PDF points from the page's top-left corner "
                                   "(OCRed pages converted from pixels)")


class _Placed(_Model):
    page: int | None = Field(None, description="1-based page where the finding starts")
    bbox: BBox | None = Field(None, description="[x0, top, x1, bottom] in PDF points from the page's top-left: the "
                                                "union of the finding's boxes on its first page")
    boxes: list[Box] = Field(default_factory=list, description="one box per line the finding's text runs over "
                                                               "(across pages where it does)")


class Placement(_Placed):
    start: int | None = Field(None, description="offset in Record.text")
    end: int | None = Field(None, description="end offset in Record.text")


class Extractor(_Model):
    name: str = Field(description="the program that made the record")
    version: str = Field(description="its version; with the file's sha256 it fixes every entity id")


class Source(_Model):
    path: str = Field(description="the PDF as given to the extractor")
    sha256: str = Field(description="SHA-256 of the PDF's bytes")
    pages: int = Field(description="number of pages")
    ocr_pages: list[int] = Field(default_factory=list, description="1-based pages whose text came from OCR")
    extractor: Extractor = Field(description="what made the record")


class Meeting(_Model):
    title: str | None = Field(None, description="the document's title line")
    kind: Kind = Field("other", description="protokoll | referat | innkalling | saksliste | other")
    body: str | None = Field(None, description="the organ that met")
    organization: str | None = Field(None, description="municipality / council / region it belongs to")
    date: str | None = Field(None, description="ISO date")
    start_time: str | None = Field(None, description="HH:MM")
    end_time: str | None = Field(None, description="HH:MM")
    location: str | None = Field(None, description="where the meeting was held, as written")
    language: Literal["nb", "nn"] = Field("nb", description="nb (bokmål) or nn (nynorsk)")


class Participant(_Placed):
    name: str = Field(description="as written, whitespace normalised")
    status: Status = Field(description="present | absent | substitute | secretariat | other")
    role: str | None = Field(None, description="ordfører, leder, medlem, referent ... as written")
    party: str | None = Field(None, description="party or list, as written")
    municipality: str | None = Field(None, description="the municipality the participant represents")
    county: str | None = Field(None, description="the county, for those who represent one")
    substitute_for: str | None = Field(None, description="whom a substitute met for")
    start: int | None = Field(None, description="offset of the name in Record.text")
    end: int | None = Field(None, description="end offset of the name in Record.text")


class Vote(_Model):
    motion: str | None = Field(None, description="whose proposal was voted on, as written: 'innstillingen', "
                                                 "'forslag fra SV'")
    result: VoteResult = Field(description="adopted | rejected | unknown")
    unanimous: bool = Field(False, description="enstemmig / samrøystes")
    votes_for: int | None = Field(None, alias="for", description="votes for, where written")
    against: int | None = Field(None, description="votes against, where written")
    abstained: int | None = Field(None, description="abstentions, where written")
    parties_for: list[str] = Field(default_factory=list, description="parties named as voting for")
    parties_against: list[str] = Field(default_factory=list, description="parties named as voting against")
    text: str = Field("", description="the sentence or table that records the vote")
    start: int | None = Field(None, description="offset in Record.text")
    end: int | None = Field(None, description="end offset in Record.text")
    page: int | None = Field(None, description="1-based page")
    bbox: BBox | None = Field(None, description="[x0, top, x1, bottom] on its first page, PDF points")
    boxes: list[Box] = Field(default_factory=list, description="one box per line")

    model_config = ConfigDict(extra="forbid", populate_by_name=True, serialize_by_alias=True)


class CaseItem(_Placed):
    label: str = Field(description="the item's label as written: 'a)', '4.1'")
    title: str | None = Field(None, description="the item's title")
    text: str = Field("", description="the item's text")
    decision: str | None = Field(None, description="the item's decision text")
    decision_box: Placement | None = Field(None, description="where the decision lies")
    votes: list[Vote] = Field(default_factory=list, description="votes recorded under the item")


class Case(_Placed):
    number: str = Field(description="as written, without the Sak/PS/nr. prefix")
    seq: int | None = Field(None, description="the number's sequence part")
    year: int | None = Field(None, description="the number's year, four digits")
    title: str | None = Field(None, description="the case's title")
    text: str = Field("", description="the case's text, heading to end")
    decision: str | None = Field(None, description="the decision (vedtak) text")
    decision_box: Placement | None = Field(None, description="where the decision lies")
    votes: list[Vote] = Field(default_factory=list, description="votes recorded in the case, in order")
    outcome: Outcome = Field("unknown", description="adopted | rejected | postponed | noted | unknown")
    items: list[CaseItem] = Field(default_factory=list, description="lettered or numbered sub-items")
    page_start: int | None = Field(None, description="1-based page of the heading")
    page_end: int | None = Field(None, description="1-based page where the case ends")
    start: int | None = Field(None, description="offset of the case heading in Record.text")
    end: int | None = Field(None, description="offset where the case ends in Record.text")


class Entity(_Placed):
    id: str | None = Field(None, description="stable id: the same for the same file, extractor version and span")
    type: EntityType = Field(description="PERSON | MUNICIPALITY | COUNTY | ORGANIZATION | DATE | AMOUNT")
    text: str = Field(description="the mention as written")
    value: str | int | float = Field(description="normalised: canonical name, ISO date, amount in NOK")
    number: str | None = Field(None, description="official number of a municipality or county, valid on the "
                                                 "meeting date")
    currency: str | None = Field(None, description="for amounts: NOK")
    start: int = Field(description="offset in Record.text")
    end: int = Field(description="end offset in Record.text")
    case: str | None = Field(None, description="number of the case the mention sits in")
    participant: int | None = Field(None, description="index in Record.participants of the person named")
    source: FindingSource = Field("rule", description="rule | model | gazetteer | list: what found it")


class Warning(_Model):
    code: str = Field(description="a stable code: near_empty_page, damaged_number, ner_unavailable ...")
    message: str = Field(description="what a reader should know")
    page: int | None = Field(None, description="1-based page it concerns")


class Record(_Model):
    schema_version: str = Field(SCHEMA_VERSION, description="version of this schema")
    id: str = Field(description="the record's id: the PDF's sha256")
    source: Source = Field(description="the PDF and the extractor")
    meeting: Meeting = Field(description="the meeting")
    participants: list[Participant] = Field(default_factory=list, description="people listed as attending, "
                                                                               "absent, substitutes, secretariat")
    cases: list[Case] = Field(default_factory=list, description="cases (saker) in document order")
    entities: list[Entity] = Field(default_factory=list, description="every mention, normalised")
    text: str = Field("", description="the document's text; pages separated by form feeds")
    warnings: list[Warning] = Field(default_factory=list, description="what a reader should check")


def json_schema() -> dict:
    schema = Record.model_json_schema(by_alias=True)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema}
