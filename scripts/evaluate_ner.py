"""Score a trained NER pipeline on NorNE: bokmål dev and test, nynorsk test (markdown tables for the model card).

    python scripts/evaluate_ner.py [models/nb_minutes_ner] [--data ../shared/data/norne]
"""
import argparse
from pathlib import Path

import spacy

import pipeline.ner_components  # noqa: F401  the model's own components, also without `pip install .`
from pipeline.train import DEFAULT_DATA, evaluate, score_table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", type=Path, nargs="?", default=Path("models/nb_minutes_ner"))
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    for split, scores in evaluate(spacy.load(args.model), args.data).items():
        print(f"\n{split}:\n{score_table(scores)}")


if __name__ == "__main__":
    main()
