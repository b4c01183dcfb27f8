"""The evaluation corpus in samples/ is whole: every gold file parses, names its own id and has its text or its
source, so scripts/build_corpus.py can rebuild every PDF that `minutes eval` needs."""
import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEC = importlib.util.spec_from_file_location("build_corpus", ROOT / "scripts" / "build_corpus.py")
build_corpus = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(build_corpus)


def gold_files(folder: Path) -> list[Path]:
    return sorted((folder / "gold").glob("*.json"))


def test_every_written_or_converted_gold_file_has_its_text():
    sets = [d for d in (ROOT / "samples" / "corpus").iterdir() if d.is_dir()]
    assert sets
    for folder in sets:
        for path in gold_files(folder):
            gold = json.loads(path.read_text(encoding="utf-8"))
            assert gold["id"] == path.stem, path
            assert (folder / "text" / f"{path.stem}.txt").exists(), path
            assert {"meeting", "participants", "cases"} <= set(gold), path


def test_every_real_gold_file_has_a_source_and_a_side():
    real = ROOT / "samples" / "real"
    sources = {doc_id for doc_id, *_ in build_corpus.real_sources()}
    sides = set((real / "tune.txt").read_text().split()) | set((real / "unseen.txt").read_text().split())
    ids = {p.stem for p in gold_files(real)}
    assert ids and ids == sources == sides
