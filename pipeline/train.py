"""Train the Norwegian NER (models/nb_minutes_ner) on NorNE and score it.

NorNE ships the whole treebank in `ndt/<lang>/*.conll` and only the dev and test splits in `ud/<lang>/`;
the train split is every ndt sentence whose token sequence is in neither (see SPLITS.md in the data).
"""
from __future__ import annotations

import importlib.resources
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import InputError, ModelError

DEFAULT_DATA = Path("../shared/data/norne")
DEFAULT_CONFIG = Path(str(importlib.resources.files("minutes_models") / "ner.cfg"))  # models/ner.cfg
LANGS = ("nob", "nno")
# What the pipeline reports. The model also learns PROD, EVT and DRV (see the model card) and we drop them on output.
OUTPUT_LABELS = ("PER", "ORG", "LOC", "GPE")
# NorNE type -> trained label; MISC (12 mentions in the whole corpus) becomes O.
LABEL_MAP = {"PER": "PER", "ORG": "ORG", "LOC": "LOC", "GPE_LOC": "GPE", "GPE_ORG": "GPE",
             "PROD": "PROD", "EVT": "EVT", "DRV": "DRV"}


@dataclass(frozen=True)
class Sentence:
    words: tuple[str, ...]
    spaces: tuple[bool, ...]
    tags: tuple[str, ...]  # IOB2 with our labels: "B-PER", "I-GPE", "O"


def read_conll(path: Path) -> list[Sentence]:
    """CoNLL-X or CoNLL-U with `name=<IOB>` in the last column (and `SpaceAfter=No` in CoNLL-U)."""
    sentences, rows = [], []
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if rows:
                sentences.append(_sentence(rows))
                rows = []
        elif not line.startswith("#"):
            cols = line.split("\t")
            if cols[0].isdigit():  # skip multiword ranges ("1-2") and empty nodes ("1.1")
                rows.append(cols)
    return sentences


def _sentence(rows: list[list[str]]) -> Sentence:
    words, spaces, tags = [], [], []
    for cols in rows:
        misc = dict(item.split("=", 1) for item in cols[-1].split("|") if "=" in item)
        words.append(cols[1])
        spaces.append(misc.get("SpaceAfter") != "No")
        tags.append(_map_tag(misc.get("name", "O")))
    return Sentence(tuple(words), tuple(spaces), tuple(_repair_iob(tags)))


def _map_tag(tag: str) -> str:
    if tag == "O":
        return "O"
    prefix, _, norne_type = tag.partition("-")
    label = LABEL_MAP.get(norne_type)
    return f"{prefix}-{label}" if label else "O"


def _repair_iob(tags: list[str]) -> list[str]:
    """An I- tag whose entity was dropped (MISC) or starts a sentence becomes B-/O so the IOB stays valid."""
    repaired = []
    for i, tag in enumerate(tags):
        if tag.startswith("I-") and (i == 0 or repaired[-1] == "O" or repaired[-1][2:] != tag[2:]):
            tag = "B-" + tag[2:]
        repaired.append(tag)
    return repaired


def load_splits(data: Path, lang: str) -> dict[str, list[Sentence]]:
    """train/dev/test of one language ("nob" or "nno")."""
    ndt_files = sorted((data / "ndt" / lang).glob("*.conll"))
    ud_dir = data / "ud" / lang
    dev_files, test_files = sorted(ud_dir.glob("*-ud-dev.conllu")), sorted(ud_dir.glob("*-ud-test.conllu"))
    if not ndt_files or len(dev_files) != 1 or len(test_files) != 1:
        raise InputError(f"NorNE data not found under {data} (need ndt/{lang}/*.conll and "
                         f"ud/{lang}/*-ud-dev.conllu, *-ud-test.conllu); pass --data")
    dev, test = read_conll(dev_files[0]), read_conll(test_files[0])
    held_out = {_key(s) for s in dev} | {_key(s) for s in test}
    train = [s for f in ndt_files for s in read_conll(f) if _key(s) not in held_out]
    return {"train": train, "dev": dev, "test": test}


def augment(sentences: list[Sentence], seed: int = 0, copies: int = 1) -> list[Sentence]:
    """`copies` copies of every sentence with a PER/ORG/LOC/GPE entity, each such entity swapped for a random train
    mention of the same label (mention replacement): the model must then lean on context, not on names it has
    memorised."""
    import random

    rng = random.Random(seed)
    mentions: dict[str, list[tuple[str, ...]]] = {label: [] for label in OUTPUT_LABELS}
    for s in sentences:
        for start, end, label in entity_spans(s.tags):
            if label in mentions:
                mentions[label].append(s.words[start:end])
    out = []
    for _ in range(copies):
        out += _replaced_copies(sentences, mentions, rng)
    return sentences + out


def _replaced_copies(sentences: list[Sentence], mentions, rng) -> list[Sentence]:
    copies = []
    for s in sentences:
        spans = sorted(span for span in entity_spans(s.tags) if span[2] in mentions)
        if not spans:
            continue
        words, spaces, tags, pos = [], [], [], 0
        for start, end, label in spans:
            words += s.words[pos:start]
            spaces += s.spaces[pos:start]
            tags += s.tags[pos:start]
            mention = rng.choice(mentions[label])
            words += mention
            spaces += (True,) * (len(mention) - 1) + (s.spaces[end - 1],)
            tags += [f"B-{label}"] + [f"I-{label}"] * (len(mention) - 1)
            pos = end
        copies.append(Sentence(tuple(words + list(s.words[pos:])), tuple(spaces + list(s.spaces[pos:])),
                               tuple(tags + list(s.tags[pos:]))))
    return copies


def _key(sentence: Sentence) -> tuple[str, ...]:
    """Token sequence for matching ndt to ud: ndt ends headlines with a "|" token that ud drops."""
    words = sentence.words
    return words[:-1] if words and words[-1] == "|" else words


def to_docbin(sentences: list[Sentence], vocab):
    from spacy.tokens import Doc, DocBin

    docbin = DocBin(store_user_data=False)
    for s in sentences:
        docbin.add(Doc(vocab, words=list(s.words), spaces=list(s.spaces), ents=list(s.tags)))
    return docbin


def train_ner(out: Path, data: Path = DEFAULT_DATA, config: Path = DEFAULT_CONFIG,
              langs: tuple[str, ...] = LANGS, max_steps: int | None = None,
              limit: int | None = None, overrides: dict | None = None, work: Path | None = None,
              copies: int = 3, members: int = 3) -> dict:
    """Convert NorNE, train `members` NERs with `config` (seeds counting up from the config's), write the best
    checkpoint of each (by bokmål dev), joined into one majority-vote pipeline, to `out`.

    `langs` are the languages whose train split is used; bokmål dev always selects the model. `copies`
    mention-replaced copies of `augment` are added to the train split (0: none). `members` 1 writes one plain NER.
    `limit` keeps only the first sentences of each split (smoke tests). `work` keeps the converted corpus and
    spaCy's output (`member_<i>/model-best` is saved there at every improvement); default a temporary folder.
    Returns the scores of `evaluate`.
    """
    splits = {lang: load_splits(data, lang) for lang in set(langs) | {"nob"}}
    import spacy
    from spacy.cli.train import train as spacy_train

    import pipeline.ner_components  # noqa: F401  the config's place-name component

    train = [s for lang in langs for s in splits[lang]["train"]][:limit]
    if copies:
        train = augment(train, copies=copies)
    dev = splits["nob"]["dev"][:limit]
    vocab = spacy.blank("nb").vocab
    settings = {**({"training.max_steps": max_steps} if max_steps is not None else {}), **(overrides or {})}
    seed = settings.pop("system.seed", spacy.util.load_config(config)["system"]["seed"])
    with tempfile.TemporaryDirectory(prefix="minutes-ner-") as tmp:
        work = Path(work or tmp)
        work.mkdir(parents=True, exist_ok=True)
        to_docbin(train, vocab).to_disk(work / "train.spacy")
        to_docbin(dev, vocab).to_disk(work / "dev.spacy")
        bests = []
        for i in range(members):
            spacy_train(config, work / f"member_{i + 1}", use_gpu=-1, overrides={
                "paths.train": str(work / "train.spacy"), "paths.dev": str(work / "dev.spacy"),
                **settings, "system.seed": seed + i})
            bests.append(work / f"member_{i + 1}" / "model-best")
            if not bests[-1].is_dir():
                raise ModelError(f"training wrote no model-best (config {config})")
        if out.exists():
            shutil.rmtree(out)
        if members == 1:
            shutil.copytree(bests[0], out)
        else:
            assemble_ensemble(bests, out)
    return evaluate(spacy.load(out), data, limit)


def assemble_ensemble(members: list[Path], out: Path) -> None:
    """One spaCy pipeline from trained member pipelines (place_names, tok2vec, ner): the place names once, then each
    member's NER with its own copy of its tok2vec and a hold that keeps its entities, then a majority vote.
    Stored in half precision."""
    import spacy

    from pipeline.ner_components import store_half_precision

    nlp = spacy.load(members[0], exclude=["tok2vec", "ner"])
    keys = [f"ner_{i}" for i in range(1, len(members) + 1)]
    for key, path in zip(keys, members):
        member = spacy.load(path)
        member.replace_listeners("tok2vec", "ner", ["model.tok2vec"])
        nlp.add_pipe("ner", name=key, source=member)
        nlp.add_pipe("minutes_ner_member", name=f"hold_{key}", config={"key": key})
    nlp.add_pipe("minutes_ner_vote", name="vote", config={"keys": keys, "min_votes": len(members) // 2 + 1})
    nlp.meta.pop("performance", None)  # the first member's training scores, not the ensemble's
    nlp.meta.update(name="nb_minutes_ner", description=f"Norwegian NER (PER, ORG, LOC, GPE): majority vote of "
                    f"{len(members)} CNN NERs trained on NorNE; see README.md")
    store_half_precision(nlp, out)


def evaluate(nlp, data: Path = DEFAULT_DATA, limit: int | None = None) -> dict[str, dict]:
    """Scores on bokmål dev and test and nynorsk test (the splits the model card reports)."""
    splits = {lang: load_splits(data, lang) for lang in LANGS}
    return {f"{lang} {split}": score(nlp, splits[lang][split][:limit])
            for lang, split in (("nob", "dev"), ("nob", "test"), ("nno", "test"))}


def entity_spans(tags) -> set[tuple[int, int, str]]:
    """IOB2 tags -> {(start_token, end_token, label)}."""
    spans, start, label = set(), None, None
    for i, tag in enumerate(list(tags) + ["O"]):
        if start is not None and not tag.startswith("I-"):
            spans.add((start, i, label))
            start = None
        if tag.startswith("B-"):
            start, label = i, tag[2:]
    return spans


def score(nlp, sentences: list[Sentence], labels=OUTPUT_LABELS) -> dict[str, dict[str, float]]:
    """Exact-span precision/recall/F1 per label and overall ("ALL") on gold tokens."""
    from spacy.tokens import Doc

    docs = (Doc(nlp.vocab, words=list(s.words), spaces=list(s.spaces)) for s in sentences)
    counts = {label: [0, 0, 0] for label in labels}  # true positives, predicted, gold
    for sentence, doc in zip(sentences, nlp.pipe(docs, batch_size=256)):
        gold = {s for s in entity_spans(sentence.tags) if s[2] in labels}
        pred = {(e.start, e.end, e.label_) for e in doc.ents if e.label_ in labels}
        for label in labels:
            g = {s for s in gold if s[2] == label}
            p = {s for s in pred if s[2] == label}
            counts[label][0] += len(g & p)
            counts[label][1] += len(p)
            counts[label][2] += len(g)
    counts["ALL"] = [sum(c[i] for c in counts.values()) for i in range(3)]
    return {label: _prf(*c) for label, c in counts.items()}


def _prf(tp: int, predicted: int, gold: int) -> dict[str, float]:
    p = tp / predicted if predicted else 0.0
    r = tp / gold if gold else 0.0
    return {"p": p, "r": r, "f": 2 * p * r / (p + r) if p + r else 0.0, "n": gold}


def score_table(scores: dict[str, dict[str, float]]) -> str:
    """Markdown table of `score` output."""
    lines = ["| label | P | R | F1 | gold |", "|---|---:|---:|---:|---:|"]
    for label, s in scores.items():
        lines.append(f"| {label} | {s['p']:.3f} | {s['r']:.3f} | {s['f']:.3f} | {s['n']} |")
    return "\n".join(lines)
