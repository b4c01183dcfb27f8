"""Records as Popolo-shaped JSON (https://www.popoloproject.com/specs/), with meetings as Open Civic Data events.

Organizations are the bodies that met (classification "body", parent_id the organization each belongs to), those
organizations (classification None: a municipality, county or region as written) and the parties named
(classification "party"). Persons are merged across records only where that is safe: by case-folded,
whitespace-normalised name and municipality, or, for a participant without one, name and the meeting's organization;
a participant with neither stays within its record. Each vote is a Motion and a VoteEvent.

Ids are hashes of what identifies the object (record id, case number, names), never counters, so the same records
give the same ids on every run and in any batch.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Iterable, NamedTuple

from pipeline.index.documents import iso_date
from pipeline.tables import atomic_path, case_votes

COLLECTIONS = ("events", "persons", "organizations", "memberships", "motions", "vote_events")

_RESULTS = {"adopted": "pass", "rejected": "fail"}
_COUNT_OPTIONS = (("for", "yes"), ("against", "no"), ("abstained", "abstain"))
_NOT_MEMBERS = ("secretariat",)  # staff who keep the minutes attend the meeting but sit in no body


def popolo(records: Iterable[dict]) -> dict[str, list[dict]]:
    """The collections of COLLECTIONS for `records`, each a list of Popolo objects in order of first appearance."""
    builder = _Builder()
    for record in records:
        builder.add_record(record)
    return {name: list(objects.values()) for name, objects in builder.collections.items()}


def write_popolo(data: dict[str, list[dict]], out_dir: Path) -> dict[str, int]:
    """One <collection>.json (a JSON list, UTF-8) per collection in `out_dir` (made if missing); returns the objects
    written per collection."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    counts = {}
    for name in COLLECTIONS:
        objects = data.get(name, [])
        with atomic_path(out_dir / f"{name}.json") as tmp:
            tmp.write_text(json.dumps(objects, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        counts[name] = len(objects)
    return counts


class _Session(NamedTuple):
    """What every vote of one meeting refers to."""
    record_id: str | None
    event_id: str
    organization_id: str | None
    date: str | None


class _Builder:
    """Collects the objects of many records; an object already seen (same id) is kept as first made."""

    def __init__(self):
        self.collections: dict[str, dict[str, dict]] = {name: {} for name in COLLECTIONS}

    def add_record(self, record: dict) -> None:
        meeting = record.get("meeting") or {}
        session = _Session(record.get("id"), _id("event", record.get("id")), self._meeting_organization(meeting),
                           iso_date(meeting.get("date")))
        participants = [self._participant(p, meeting, session) for p in record.get("participants") or []]
        self._put("events", {
            "id": session.event_id,
            "name": meeting.get("title") or _joined_words(meeting.get("body"), meeting.get("date")),
            "start_date": _date_time(session.date, meeting.get("start_time")),
            "end_date": _date_time(session.date, meeting.get("end_time")),
            "organization_id": session.organization_id,
            "location": {"name": meeting["location"]} if meeting.get("location") else None,
            "participants": _once_per_person(participants),
            "extras": {"record_id": session.record_id, "path": (record.get("source") or {}).get("path"),
                       "kind": meeting.get("kind")},
        })
        self._add_votes(session, record.get("cases") or [])

    def _put(self, collection: str, obj: dict) -> str:
        self.collections[collection].setdefault(obj["id"], obj)
        return obj["id"]

    def _organization(self, name: str | None, classification: str | None, parent_id: str | None = None) -> str | None:
        if not _key(name):
            return None
        return self._put("organizations", {
            "id": _id("organization", classification, _key(name), parent_id), "name": _clean(name),
            "classification": classification, "parent_id": parent_id,
        })

    def _meeting_organization(self, meeting: dict) -> str | None:
        """The id of the body that met (or, if the body is not known, of its organization)."""
        parent_id = self._organization(meeting.get("organization"), None)
        return self._organization(meeting.get("body"), "body", parent_id) or parent_id

    def _participant(self, participant: dict, meeting: dict, session: _Session) -> dict:
        """Adds the person (and their membership of the body); returns their entry in the event's participants."""
        name = _clean(participant.get("name"))
        person_id = self._put("persons", {"id": _id("person", *_person_key(participant, meeting, session)),
                                          "name": name})
        if session.organization_id and participant.get("status") not in _NOT_MEMBERS:
            party_id = self._organization(participant.get("party"), "party")
            role = participant.get("role")
            self._put("memberships", {
                "id": _id("membership", person_id, session.organization_id, _key(role), party_id),
                "person_id": person_id, "organization_id": session.organization_id, "role": role,
                "on_behalf_of_id": party_id,
            })
        return {"entity_type": "person", "entity_id": person_id, "name": name, "note": participant.get("status")}

    def _add_votes(self, session: _Session, cases: list[dict]) -> None:
        """A Motion and a VoteEvent for each vote of each case."""
        for case_key, case in _keyed_cases(cases):
            for label, index, vote in case_votes(case):
                where = (session.record_id, case_key, label, index)
                motion_id = self._put("motions", {
                    "id": _id("motion", *where), "organization_id": session.organization_id,
                    "legislative_session_id": session.event_id,
                    "text": vote.get("motion") or _item_title(case, label) or case.get("title"),
                    "identifier": _joined_words(case.get("number"), label),
                    "classification": ["item" if label else "case"], "date": session.date,
                    "extras": {"record_id": session.record_id, "case_number": case.get("number"),
                               "item_label": label, "vote_index": index},
                })
                self._put("vote_events", {
                    "id": _id("vote_event", *where), "motion_id": motion_id,
                    "legislative_session_id": session.event_id, "organization_id": session.organization_id,
                    "start_date": session.date, "result": _RESULTS.get(vote.get("result")),
                    "counts": [{"option": option, "value": vote[field]} for field, option in _COUNT_OPTIONS
                               if vote.get(field) is not None],
                    "group_results": self._group_results(vote),
                    "extras": {"unanimous": bool(vote.get("unanimous"))},
                })

    def _group_results(self, vote: dict) -> list[dict]:
        """Parties named as voting for a motion passed it within their group; those named against failed it."""
        results = []
        for field, result in (("parties_for", "pass"), ("parties_against", "fail")):
            for party in vote.get(field) or []:
                party_id = self._organization(party, "party")
                if party_id:
                    results.append({"group_id": party_id, "group": {"name": _clean(party)}, "result": result})
        return results


def _person_key(participant: dict, meeting: dict, session: _Session) -> tuple:
    """Whom a participant may be merged with: the same name in the same municipality (or, lacking one, at meetings
    of the same organization); lacking both, nobody outside this record."""
    name = _key(participant.get("name"))
    place = _key(participant.get("municipality")) or _key(meeting.get("organization"))
    return (name, place) if place else (name, None, session.record_id)


def _once_per_person(participants: list[dict]) -> list[dict]:
    """Each person once among a meeting's participants, as first listed."""
    first: dict[str, dict] = {}
    for participant in participants:
        first.setdefault(participant["entity_id"], participant)
    return list(first.values())


def _keyed_cases(cases: list[dict]) -> list[tuple[str, dict]]:
    """Each case with a key unique in its record: its number, with "#2", "#3" ... where a number repeats."""
    seen: dict[str, int] = {}
    keyed = []
    for case in cases:
        number = case.get("number") or ""
        seen[number] = seen.get(number, 0) + 1
        keyed.append((number if seen[number] == 1 else f"{number}#{seen[number]}", case))
    return keyed


def _item_title(case: dict, label: str | None) -> str | None:
    if label is None:
        return None
    return next((item.get("title") for item in case.get("items") or [] if item.get("label") == label), None)


def _id(kind: str, *parts) -> str:
    text = "\x1f".join("" if part is None else str(part) for part in parts)
    return f"{kind}/{hashlib.sha256(text.encode('utf-8')).hexdigest()[:16]}"


def _clean(text: str | None) -> str | None:
    return " ".join(text.split()) if isinstance(text, str) else None


def _key(text: str | None) -> str | None:
    return (_clean(text) or "").casefold() or None


def _date_time(date: str | None, time: str | None) -> str | None:
    date = iso_date(date)
    return f"{date}T{time}" if date and time else date


def _joined_words(*words: str | None) -> str | None:
    return " ".join(w for w in words if w) or None
