"""Words per second of pipeline.nlp.ner_spans alone (the first member, as the pipeline runs it, and the vote of all
members), and the time to import spaCy and load the model.

    python benchmarks/bench_ner.py [--data ../shared/data/norne] [--repeat 3]

The text is the bokmål NorNE test split, ten sentences to a paragraph, pages separated by form feeds.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT_DIR))  # this checkout's pipeline, not an installed copy

from pipeline.train import DEFAULT_DATA, load_splits


def minutes_like_text(data: Path) -> str:
    sentences = [" ".join(s.words) for s in load_splits(data, "nob")["test"]]
    paragraphs = [" ".join(sentences[i:i + 10]) for i in range(0, len(sentences), 10)]
    pages = ["\n\n".join(paragraphs[i:i + 5]) for i in range(0, len(paragraphs), 5)]
    return "\f".join(pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    text = minutes_like_text(args.data)
    words = len(text.split())

    start = time.perf_counter()
    import spacy  # noqa: F401  (timed apart from the model load)

    import_seconds = time.perf_counter() - start
    from pipeline.nlp import load_ner, ner_spans

    load_seconds = {}
    for vote in (False, True):
        start = time.perf_counter()
        load_ner(vote)
        load_seconds[vote] = time.perf_counter() - start
    print(f"import spacy: {import_seconds:.2f} s, model load: {load_seconds[False]:.2f} s (first member), "
          f"{load_seconds[True]:.2f} s (all members)")
    timings: dict[bool, list[float]] = {False: [], True: []}
    for _ in range(args.repeat):  # the two modes take turns, so a busy moment hits both alike
        for vote in timings:
            start = time.perf_counter()
            ner_spans(text, vote=vote)
            timings[vote].append(time.perf_counter() - start)
    for vote, seconds in timings.items():
        best = min(seconds)
        print(f"ner_spans ({'vote of all members' if vote else 'first member'}): {words} words, best of "
              f"{args.repeat}: {best:.2f} s = {words / best:,.0f} words/s")


if __name__ == "__main__":
    main()
