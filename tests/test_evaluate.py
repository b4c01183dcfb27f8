import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.evaluate import score_documents

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"


def test_scores_sets_and_ignores():
    gold = {"meeting": {"date": "2018-02-22"}, "participants": [{"name": "Per Hansen", "status": "present"}],
            "cases": [{"number": "01/2018", "title": "Referat"}],
            "entities": {"AMOUNT": [100, -5]}, "ignore": {"AMOUNT": [7]}}
    pred = {"meeting": {"date": "2018-02-22"}, "participants": [{"name": "Per  Hansen", "status": "absent"}],
            "cases": [{"number": "1/18", "title": "Referat."}],
            "entities": [{"type": "AMOUNT", "value": 100}, {"type": "AMOUNT", "value": 7}]}
    s = score_documents([(gold, pred)])
    assert s["meeting.date"]["f1"] == 1.0
    assert s["participants.name"]["f1"] == 1.0 and s["participants.status"]["f1"] == 0.0
    assert s["cases.number"]["f1"] == 1.0 and s["cases.title"]["f1"] == 1.0
    assert s["entities.AMOUNT"] == {"precision": 1.0, "recall": 0.5, "f1": 0.6667}


@pytest.mark.slow
@pytest.mark.skipif(not (SHARED / "tools/score.py").exists(), reason="needs ../shared (present in CI)")
def test_agrees_with_reference_scorer(tmp_path):
    gold, pdfs = SHARED / "dev/gold", SHARED / "dev/pdf"
    ours = subprocess.run(["minutes", "eval", str(gold), str(pdfs), "--ocr", "never", "--out", str(tmp_path), "--json"],
                          check=True, capture_output=True, text=True).stdout
    ref = subprocess.run([sys.executable, str(SHARED / "tools/score.py"), str(gold), str(tmp_path), "--json"],
                         check=True, capture_output=True, text=True).stdout
    assert json.loads(ours) == json.loads(ref)


def test_fields_the_annotator_left_unscored_count_nowhere():
    gold = {"participants": [{"name": "Per Hansen", "status": "present"}], "entities": {"PERSON": ["Per Hansen"]},
            "unscored": ["entities", "participants.status"]}
    pred = {"participants": [{"name": "Per Hansen", "status": "absent"}],
            "entities": [{"type": "PERSON", "value": "Kari Moe"}]}
    s = score_documents([(gold, pred)])
    assert s["participants.name"]["f1"] == 1.0
    assert "entities.PERSON" not in s and "participants.status" not in s
