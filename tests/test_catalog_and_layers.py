"""House rules checked on the source: one catalog for all Persian text, and every arrow pointing down.

The floors, top to bottom. A module may import its own package and any package on a lower floor; never a
package on its own floor or above, and no two modules may import each other, directly or round a circle
(type-only imports included). There are no exceptions.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
import string
import unicodedata
from pathlib import Path
from types import ModuleType

import pytest

import texts

ROOT = Path(__file__).resolve().parents[1]
FLOORS: dict[str, int] = {
    "cli": 9,
    "bench": 8,
    "playground": 7,
    "bot": 6,
    "handlers": 5,
    "conversations": 5,
    "kit": 4,
    "services": 3,
    "storage": 2,
    "documents": 2,
    "localapi": 2,
    "domain": 1,
    "texts": 0,
}
PACKAGES = tuple(FLOORS)
#: Libraries a floor must never import, whatever the floors above allow.
FORBIDDEN_LIBRARIES = {
    "domain": {"telegram", "aiosqlite", "sqlite3", "aiohttp", "httpx"},
    "services": {"telegram"},
    "storage": {"aiohttp", "httpx"},
    "documents": {"telegram", "aiosqlite", "sqlite3"},
    "texts": {"telegram", "aiosqlite", "sqlite3"},
}
ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")


def _text_modules() -> list[ModuleType]:
    return [importlib.import_module(f"texts.{m.name}") for m in pkgutil.iter_modules(texts.__path__)]


def _sources(*packages: str) -> list[Path]:
    return sorted(p for pkg in packages if (ROOT / pkg).exists() for p in (ROOT / pkg).rglob("*.py"))


def _templates() -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for module in _text_modules():
        prefix = module.__name__.removeprefix("texts.")
        for name in dir(module):
            if not name.isupper():
                continue
            value = getattr(module, name)
            label = f"{prefix}.{name}"
            if isinstance(value, str):
                found.append((label, value))
            elif isinstance(value, dict):
                found += [(f"{label}[{k}]", v) for k, v in value.items() if isinstance(v, str)]
            elif isinstance(value, (list, tuple)):
                flat = [v for v in value if isinstance(v, str)] + [
                    x for v in value if isinstance(v, (list, tuple)) for x in v if isinstance(x, str)
                ]
                found += [(f"{label}[]", v) for v in flat]
    return found


@pytest.mark.parametrize(("name", "template"), _templates(), ids=[n for n, _ in _templates()])
def test_every_template_formats_with_its_placeholders(name: str, template: str) -> None:
    fields = [f for _, f, _, _ in string.Formatter().parse(template) if f is not None]
    for field in fields:
        assert field.isidentifier(), f"{name}: placeholder {{{field}}} is not a plain name"
    template.format(**{f: "x" for f in fields})


def test_no_key_is_defined_in_two_text_modules() -> None:
    seen: dict[str, str] = {}
    twice = []
    for module in _text_modules():
        for name in (n for n in vars(module) if n.isupper()):
            if name in seen:
                twice.append(f"{name}: {seen[name]} and {module.__name__}")
            seen[name] = module.__name__
    assert not twice


def test_no_persian_text_in_code_outside_the_catalog() -> None:
    """Code, comments and identifiers are English; user-visible text lives in ``texts/``.

    Input-recognition tables (digit maps, header aliases) write their letters as escapes, so they do not
    count: what is checked is the source as written.
    """
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in _sources(*PACKAGES)
        if path.parent != ROOT / "texts"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if ARABIC_SCRIPT.search(line)
    ]
    assert not offenders, "Persian text belongs in texts/: " + ", ".join(offenders)


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    """Every module a file names in an import (at any depth: functions and TYPE_CHECKING blocks too)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names |= {f"{node.module}.{a.name}" for a in node.names}
    return names


def _graph() -> dict[str, set[str]]:
    """Module -> the project modules it imports."""
    files = {_module_name(p): p for p in _sources(*PACKAGES)}
    return {name: {i for i in _imports(path) if i in files and i != name} for name, path in files.items()}


def upward_imports(graph: dict[str, set[str]]) -> list[str]:
    """Imports that reach a package on the importer's floor (another package) or above."""
    found = []
    for module, targets in graph.items():
        own = module.split(".")[0]
        for target in targets:
            other = target.split(".")[0]
            if other != own and FLOORS[other] >= FLOORS[own]:
                found.append(f"{module} -> {target}")
    return sorted(found)


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each a circle of imports."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):  # package __init__ importing a submodule counts too
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_every_arrow_points_down() -> None:
    assert upward_imports(_graph()) == []


def test_no_import_cycles() -> None:
    assert cycles(_graph()) == []


def test_the_layer_rules_catch_an_upward_import_and_a_cycle() -> None:
    """The checks themselves: an arrow up and a circle are both found."""
    graph = {"services.a": {"kit.b"}, "kit.b": {"services.c"}, "services.c": set()}
    assert upward_imports(graph) == ["services.a -> kit.b"]
    assert cycles({"x.a": {"x.b"}, "x.b": {"x.c"}, "x.c": {"x.a"}, "x.d": set()}) == [["x.a", "x.b", "x.c"]]


@pytest.mark.parametrize(("package", "forbidden"), sorted(FORBIDDEN_LIBRARIES.items()))
def test_floors_import_no_forbidden_library(package: str, forbidden: set[str]) -> None:
    offenders = {
        f"{path.relative_to(ROOT)} imports {name}"
        for path in _sources(package)
        for name in {i.split(".")[0] for i in _imports(path)} & forbidden
    }
    assert not offenders, sorted(offenders)


def test_every_staff_command_describes_itself_in_the_menu() -> None:
    from bot.office import SERVICES
    from kit.staff import staff_menu
    from texts import staff as staff_t

    menu = staff_menu(c for m in SERVICES for c in m.commands)
    generic = [c.name for c in menu if c.description == staff_t.STAFF_COMMAND_FALLBACK]
    assert generic == [], "give these staff commands a description (StaffCommand(description=...))"


#: Packages whose callback data goes through ``domain.buttons.Button`` only.
BUTTON_PACKAGES = ("conversations", "handlers", "kit", "services")
#: A string literal shaped like callback data: ``feature:action`` or ``feature:action:...``.
_CALLBACK_LITERAL = re.compile(r"^[a-z]{1,8}:[a-z_]{1,16}(?:[:$]|$)")


def _skeleton(node: ast.JoinedStr) -> str:
    """An f-string's text with ``FEATURE`` for each upper-case name in it and ``{}`` for other values."""
    parts: list[str] = []
    for value in node.values:
        if isinstance(value, ast.Constant):
            parts.append(str(value.value))
        elif (
            isinstance(value, ast.FormattedValue)
            and isinstance(value.value, ast.Name)
            and value.value.id.isupper()
        ):
            parts.append("FEATURE")
        else:
            parts.append("{}")
    return "".join(parts)


def _is_key_target(parent: ast.AST | None, node: ast.AST) -> bool:
    """Whether a literal is a dedupe or idempotency key (``*_key=`` argument or a ``*key`` variable)."""
    if isinstance(parent, ast.keyword):
        return (parent.arg or "").endswith("key")
    if isinstance(parent, (ast.Assign, ast.AnnAssign)) and parent.value is node:
        targets = parent.targets if isinstance(parent, ast.Assign) else [parent.target]
        return all(isinstance(t, ast.Name) and t.id.lower().endswith("key") for t in targets)
    return False


def hand_built_callbacks(source: str) -> list[str]:
    """Every hand-built or hand-parsed callback in ``source`` (one line each; keys are not callbacks)."""
    tree = ast.parse(source)
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    found: list[str] = []
    for node in ast.walk(tree):
        where = f"line {getattr(node, 'lineno', '?')}"
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            first = node.args[0] if node.args else None
            if (
                node.func.attr in ("split", "rsplit")
                and isinstance(first, ast.Constant)
                and first.value == ":"
            ):
                found.append(f"{where}: .{node.func.attr}(':') parses callback data by hand")
        if _is_key_target(parents.get(node), node):
            continue
        if isinstance(node, ast.JoinedStr):
            shape = _skeleton(node).lstrip("^")
            if shape.startswith("FEATURE:") or _CALLBACK_LITERAL.match(shape):
                found.append(f"{where}: f-string {shape!r} builds callback data (or its pattern) by hand")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            inside_fstring = isinstance(parents.get(node), ast.JoinedStr)
            if not inside_fstring and _CALLBACK_LITERAL.match(node.value.lstrip("^")):
                found.append(f"{where}: {node.value!r} is callback data (or its pattern) written by hand")
    return found


@pytest.mark.parametrize("path", _sources(*BUTTON_PACKAGES), ids=lambda p: str(p.relative_to(ROOT)))
def test_callback_data_is_built_and_read_only_through_buttons(path: Path) -> None:
    assert hand_built_callbacks(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "line",
    [
        'rows = [[("x", f"{FEATURE}:pick:{i}")]]',
        'rows = [[("x", f"bk:reply:{request_id}")]]',
        'keyboard = [[("x", "req:answer:7")]]',
        'CallbackQueryHandler(cb, pattern=rf"^{FEATURE}:ok:[0-9a-f]{{16}}$")',
        'CallbackQueryHandler(cb, pattern="^bn:sheba$")',
        'index = int(query.data.rsplit(":", 1)[1])',
        'feature, action = data.split(":")',
    ],
)
def test_the_button_rule_catches_hand_built_callbacks(line: str) -> None:
    assert hand_built_callbacks(line) != []


@pytest.mark.parametrize(
    "line",
    [
        'enqueue(tx, dedupe_key=f"med:batch:{batch}:{name}")',
        'idempotency_key = f"{SERVICE}:{key}"',
        'submit(idempotency_key=f"{SERVICE}:self:{key}")',
        'raise ValueError(f"booklet.{key}: expected a non-empty text")',
        'rows = [[("x", PICK.data(i))]]',
        'url = "https://t.me/bot"',
    ],
)
def test_the_button_rule_lets_keys_and_text_be(line: str) -> None:
    assert hand_built_callbacks(line) == []


#: Machine codes keep Latin letters and digits inside Persian text (tracking and voucher codes, Sheba).
_MACHINE_CODE = re.compile(r"\b[A-Z0-9]{4}(?:-[A-Z0-9]{4})+\b|\bIR\d{24}\b")
_LATIN_DIGIT = re.compile(r"[0-9]")
#: Not messages: button labels, menu entries, sheet names (a message is what the bot sends as text).
_NOT_MESSAGES = re.compile(
    r"^(?:BTN_|MENU_|COMMANDS$)|_BTN_|BUTTON|_SHEET_|^DOC_|_DOCUMENT_NAMES?$|_FILE_NAME"
)


def _messages() -> list[tuple[str, str]]:
    """Every message template of the catalog, rendered with Persian sample values."""
    found = []
    for name, template in _templates():
        key = name.split(".", 1)[1].split("[", 1)[0]
        if _NOT_MESSAGES.search(key):
            continue
        fields = [f for _, f, _, _ in string.Formatter().parse(template) if f is not None]
        found.append((name, template.format(**{f: "نمونه ۱۲" for f in fields})))
    return found


def _direction(text: str) -> str:
    """The direction a messenger gives a message: that of its first strong character (RLM counts)."""
    for ch in text:
        if ch == "\u200f":
            return "R"
        kind = unicodedata.bidirectional(ch)
        if kind == "L":
            return "L"
        if kind in ("R", "AL"):
            return "R"
    return "R"


@pytest.mark.parametrize(("name", "text"), _messages(), ids=[n for n, _ in _messages()])
def test_every_message_reads_right_to_left_with_persian_digits(name: str, text: str) -> None:
    assert _direction(text) == "R", f"{name} starts left-to-right: {text[:40]!r}"
    stray = _LATIN_DIGIT.findall(_MACHINE_CODE.sub("", text))
    assert not stray, f"{name} has Latin digits in Persian text: {text[:80]!r}"


def test_the_direction_rule_catches_a_latin_or_emoji_start() -> None:
    assert _direction("🆕 درخواست") == "L"  # a squared-letter emoji is a strong left-to-right character
    assert _direction("K7QM-3XDP درخواست") == "L"
    assert _direction("۱۲ درخواست") == "R" and _direction("\u200f🆕 درخواست") == "R"
