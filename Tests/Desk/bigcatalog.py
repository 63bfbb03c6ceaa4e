"""A catalog folder with a workspace of 10 000 templates (`big`), for timing suggestions at scale.

The 22 templates of the seed's English texts (with their examples) are kept, so a real message still
has its reply; the rest are made from the seed's own words, in 20 categories, each with a message
and three examples, deterministically (a fixed random seed). The desk's own workspace is copied
beside it, so the page has its texts.
"""

from __future__ import annotations

import json
import random
import re
import shutil
from pathlib import Path

import harness

TEMPLATES = 10_000


def words_of(text: str) -> list:
    return [w for w in re.findall(r"[A-Za-z’']+", re.sub(r"\{[^{}]*\}", " ", text)) if len(w) > 2]


def write(folder: Path, count: int = TEMPLATES, seed: int = 14) -> Path:
    """Writes `folder/big` and `folder/desk`; returns folder."""
    source = (harness.SEED / "support" / "en.yaml").read_text()
    vocabulary = sorted(set(w.lower() for w in words_of(source)))
    random.seed(seed)
    big = folder / "big"
    big.mkdir(parents=True, exist_ok=True)
    (big / "workspace.yaml").write_text("format: 1\nworkspace: big\ndefault_locale: en\nlocales: [en]\n")
    lines = [source.rstrip("\n")]  # the seed's templates, as they are
    categories = [f"topic{n:02d}" for n in range(20)]
    for n in range(count - 22):
        category = categories[n % len(categories)]
        sentence = " ".join(random.choice(vocabulary) for _ in range(random.randint(12, 30)))
        examples = [" ".join(random.choice(vocabulary) for _ in range(random.randint(4, 9))) for _ in range(3)]
        lines += [f"  {category}.reply_{n:05d}:", f"    category: {category}",
                  f"    message: {json.dumps('Hi {name}, ' + sentence + '.')}", "    examples:"]
        lines += [f"      - {json.dumps(example)}" for example in examples]
    (big / "en.yaml").write_text("\n".join(lines) + "\n")
    shutil.copytree(harness.SEED / "desk", folder / "desk", dirs_exist_ok=True)
    return folder
