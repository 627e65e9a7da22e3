"""House rules checked on the source: one catalog for all Persian text; pure domain; telegram-free services."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from bot import catalog
from texts import sheba as sheba_texts

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = (
    "bot",
    "handlers",
    "conversations",
    "domain",
    "services",
    "storage",
    "documents",
    "localapi",
    "playground",
    "texts",
)
ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")


def _sources(*packages: str) -> list[Path]:
    return sorted(p for pkg in packages if (ROOT / pkg).exists() for p in (ROOT / pkg).rglob("*.py"))


def _templates() -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for name, value in [*vars(catalog).items(), *vars(sheba_texts).items()]:
        if not name.isupper():
            continue
        if isinstance(value, str):
            found.append((name, value))
        elif isinstance(value, dict):
            found += [(f"{name}[{k}]", v) for k, v in value.items() if isinstance(v, str)]
        elif isinstance(value, (list, tuple)):
            flat = [v for v in value if isinstance(v, str)] + [
                x for v in value if isinstance(v, (list, tuple)) for x in v if isinstance(x, str)
            ]
            found += [(f"{name}[]", v) for v in flat]
    return found


@pytest.mark.parametrize(("name", "template"), _templates(), ids=[n for n, _ in _templates()])
def test_every_template_formats_with_its_placeholders(name: str, template: str) -> None:
    fields = [f for _, f, _, _ in string.Formatter().parse(template) if f is not None]
    for field in fields:
        assert field.isidentifier(), f"{name}: placeholder {{{field}}} is not a plain name"
    template.format(**{f: "x" for f in fields})


def test_no_persian_text_in_code_outside_the_catalog() -> None:
    """Code, comments and identifiers are English; user-visible text lives in the catalog.

    Input-recognition tables (digit maps, header aliases) write their letters as escapes, so they do not
    count: what is checked is the source as written.
    """
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in _sources(*PACKAGES)
        if path != ROOT / "bot" / "catalog.py" and path.parent != ROOT / "texts"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if ARABIC_SCRIPT.search(line)
    ]
    assert not offenders, "Persian text belongs in bot/catalog.py or texts/: " + ", ".join(offenders)


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [
        (
            "domain",
            {
                "telegram",
                "aiosqlite",
                "storage",
                "services",
                "bot",
                "handlers",
                "conversations",
                "sqlite3",
                "aiohttp",
            },
        ),
        ("services", {"telegram", "handlers", "conversations"}),
        ("storage", {"handlers", "conversations"}),
    ],
)
def test_layers_import_only_what_they_may(package: str, forbidden: set[str]) -> None:
    offenders = {
        f"{path.relative_to(ROOT)} imports {name}"
        for path in _sources(package)
        for name in _imports(path) & forbidden
    }
    assert not offenders, sorted(offenders)
