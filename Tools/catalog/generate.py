#!/usr/bin/env python3
"""Synthetic catalogs in the `Locales/` format, for measuring Parley at scale.

Every text is one of the seed catalog's real messages (plurals, selects, numbers, dates, in each
of its 17 locales, chat and email wording) with a number of its own appended, so no two texts are
the same and every one still parses and lints as its original does. Deterministic: the same
arguments write the same files.

Shapes:
  a   one workspace, `large`: TEMPLATES templates (30 000) x 17 locales x chat and email texts,
      about a million texts.
  b   WORKSPACES workspaces (10 000), `ws00001` ..., of 100 texts each: 10 templates x 5 locales
      x chat and email.

    Tools/catalog/generate.py a OUT_FOLDER [--templates N]
    Tools/catalog/generate.py b OUT_FOLDER [--workspaces N]

Then `parley serve --locales OUT_FOLDER` loads it into an empty database.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import yaml

SEED = Path(__file__).resolve().parents[2] / "Locales" / "support"


def quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is YAML's)."""
    return json.dumps(text, ensure_ascii=False)


def numbered(message: str, n: int) -> str:
    # Appended after the whole message, outside every argument, so it changes no construct.
    return f"{message} (ref. {n})"


class Seed:
    """The seed workspace's templates: fields from the source locale, texts per locale."""

    def __init__(self, folder: Path = SEED):
        workspace = yaml.safe_load((folder / "workspace.yaml").read_text())
        self.default = workspace["default_locale"]
        self.locales = workspace["locales"]
        self.files = {locale: yaml.safe_load((folder / f"{locale}.yaml").read_text())["templates"] for locale in self.locales}
        source = self.files[self.default]
        # Only templates every locale translates, so every generated template has all its texts.
        self.keys = sorted(key for key in source if all("message" in (self.files[l].get(key) or {}) for l in self.locales))
        self.fields = {key: {f: source[key][f] for f in ("category", "tags", "description") if f in source[key]} for key in self.keys}

    def texts(self, key: str, locale: str) -> tuple[str, str]:
        """The chat and the email text of a template in a locale (the chat text when it has no email wording)."""
        entry = self.files[locale][key]
        email = (entry.get("channels") or {}).get("email")
        if isinstance(email, dict):
            email = email["message"]
        return entry["message"], email or entry["message"]


def write_workspace(folder: Path, name: str, seed: Seed, locales: list[str], templates: int, first: int) -> int:
    """Writes one workspace of `templates` templates in `locales`; returns how many texts."""
    folder.mkdir(parents=True, exist_ok=True)
    default = seed.default if seed.default in locales else locales[0]
    (folder / "workspace.yaml").write_text(
        f"format: 1\nworkspace: {name}\ndefault_locale: {default}\nlocales: [{', '.join(locales)}]\n")
    count = 0
    for locale in locales:
        lines = ["format: 1", f"locale: {locale}", "templates:"]
        for index in range(templates):
            n = first + index
            key = seed.keys[n % len(seed.keys)]
            chat, email = seed.texts(key, locale)
            lines.append(f"  {key}.v{n:06d}:")
            if locale == default:
                fields = seed.fields[key]
                lines.append(f"    category: {quoted(fields.get('category', ''))}")
                lines.append(f"    tags: [{', '.join(quoted(t) for t in fields.get('tags', []))}]")
                lines.append(f"    description: {quoted(fields.get('description', ''))}")
            lines.append(f"    message: {quoted(numbered(chat, n))}")
            lines.append("    channels:")
            lines.append(f"      email: {quoted(numbered(email, n))}")
            count += 2
        (folder / f"{locale}.yaml").write_text("\n".join(lines) + "\n")
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("shape", choices=["a", "b"])
    parser.add_argument("out", type=Path)
    parser.add_argument("--templates", type=int, default=30_000, help="shape a: templates in the one workspace")
    parser.add_argument("--workspaces", type=int, default=10_000, help="shape b: how many workspaces")
    args = parser.parse_args()
    seed = Seed()
    args.out.mkdir(parents=True, exist_ok=True)
    if args.shape == "a":
        texts = write_workspace(args.out / "large", "large", seed, seed.locales, args.templates, 0)
        print(f"shape a: 1 workspace, {args.templates} templates, {len(seed.locales)} locales, {texts} texts in {args.out}")
    else:
        texts = 0
        for w in range(args.workspaces):
            # Five locales each, the default first, the rest in turn, so every locale is used.
            others = [l for l in seed.locales if l != seed.default]
            locales = [seed.default] + [others[(w + i) % len(others)] for i in range(4)]
            texts += write_workspace(args.out / f"ws{w + 1:05d}", f"ws{w + 1:05d}", seed, locales, 10, w * 10)
        print(f"shape b: {args.workspaces} workspaces of 10 templates in 5 locales, {texts} texts in {args.out}")


if __name__ == "__main__":
    main()
