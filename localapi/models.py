"""State model of the local Bot API server.

Everything the server keeps is plain data: simulated users and groups, stored messages
(Telegram ``Message`` JSON plus a little bookkeeping), stored files, the log of API calls
and injected faults. ``to_dict()`` on each of them returns JSON-serialisable data so that a
browser playground can render the state.

This module also holds the pure text helpers of the message model: UTF-16 lengths, the
``bot_command`` entity of user messages, and the HTML / MarkdownV2 / Markdown parsers that
turn a ``parse_mode`` text into plain text plus ``MessageEntity`` dicts like Telegram does.
"""

from __future__ import annotations

import copy
import dataclasses
import re
import struct
from dataclasses import dataclass, field
from typing import Any, Literal

Platform = Literal["telegram", "bale"]
PLATFORMS: tuple[str, ...] = ("telegram", "bale")
PROFILES: tuple[str, ...] = ("telegram", "bale")
"""Server profiles: "bale" refuses, the way Bale would, what Bale's Bot API lacks."""


# --------------------------------------------------------------------------- people and chats


@dataclass
class SimUser:
    """A simulated Telegram/Bale user."""

    id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    phone: str | None = None
    language_code: str | None = "fa"
    started: bool = True
    """False until the user has sent anything to the bot in private (the bot can't write first)."""
    blocked: bool = False
    """True if the user blocked the bot (sending to them gives 403)."""

    def to_json(self, platform: str = "telegram") -> dict[str, Any]:
        """The ``User`` object as the platform sends it (Bale omits is_bot and language_code)."""
        data: dict[str, Any] = {"id": self.id}
        if platform == "telegram":
            data["is_bot"] = False
        data["first_name"] = self.first_name
        if self.last_name:
            data["last_name"] = self.last_name
        if self.username:
            data["username"] = self.username
        if self.language_code and platform == "telegram":
            data["language_code"] = self.language_code
        return data

    def private_chat_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "first_name": self.first_name}
        if self.last_name:
            data["last_name"] = self.last_name
        if self.username:
            data["username"] = self.username
        data["type"] = "private"
        return data

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}" if self.last_name else self.first_name

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass
class SimGroup:
    """A simulated group (a supergroup on Telegram, a plain group on Bale)."""

    id: int
    title: str
    member_ids: list[int] = field(default_factory=list)
    admin_ids: list[int] = field(default_factory=list)
    creator_id: int | None = None
    bot_is_member: bool = True
    bot_is_admin: bool = False

    def chat_type(self, platform: str = "telegram") -> str:
        return "group" if platform == "bale" else "supergroup"

    def chat_json(self, platform: str = "telegram") -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "type": self.chat_type(platform)}

    def is_member(self, user_id: int) -> bool:
        return user_id in self.member_ids or user_id in self.admin_ids or user_id == self.creator_id

    def status_of(self, user_id: int) -> str:
        """creator / administrator / member / left."""
        if user_id == self.creator_id:
            return "creator"
        if user_id in self.admin_ids:
            return "administrator"
        if user_id in self.member_ids:
            return "member"
        return "left"

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


# --------------------------------------------------------------------------- messages and files


@dataclass
class StoredMessage:
    """One message of a conversation, user's or bot's.

    ``data`` is the Telegram ``Message`` JSON exactly as the Bot API returns it to the bot
    (so it only carries an *inline* ``reply_markup``). ``markup`` is the reply_markup as the bot
    sent it, of any kind (reply keyboards, ForceReply, ReplyKeyboardRemove), which real Telegram
    never echoes back but a chat renderer needs.
    """

    chat_id: int
    message_id: int
    outgoing: bool
    data: dict[str, Any]
    markup: dict[str, Any] | None = None
    parse_mode: str | None = None
    created_seq: int = 0
    changed_seq: int = 0
    edit_count: int = 0
    deleted: bool = False

    def public(self) -> dict[str, Any]:
        """The Message JSON the Bot API gives the bot."""
        return copy.deepcopy(self.data)

    def view(self) -> dict[str, Any]:
        """The Message JSON plus what a chat renderer needs (any reply_markup, parse_mode)."""
        data = copy.deepcopy(self.data)
        if self.markup is not None:
            data["reply_markup"] = copy.deepcopy(self.markup)
        if self.parse_mode:
            data["parse_mode"] = self.parse_mode
        return data

    @property
    def inline_keyboard(self) -> list[list[dict[str, Any]]]:
        markup = self.data.get("reply_markup") or {}
        return markup.get("inline_keyboard") or []

    def to_dict(self) -> dict[str, Any]:
        return {
            "chat_id": self.chat_id,
            "message_id": self.message_id,
            "outgoing": self.outgoing,
            "deleted": self.deleted,
            "edit_count": self.edit_count,
            "message": self.view(),
        }


@dataclass
class StoredFile:
    """A file known to the server: uploaded by a simulated user or by the bot."""

    file_id: str
    file_unique_id: str
    kind: str  # "document" | "photo" | "sticker"
    data: bytes = field(repr=False)
    file_path: str
    mime_type: str | None = None
    file_name: str | None = None
    width: int | None = None
    height: int | None = None

    @property
    def file_size(self) -> int:
        return len(self.data)

    def file_json(self) -> dict[str, Any]:
        """The ``File`` object of getFile (file_path relative, as Telegram returns it)."""
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": self.file_size,
            "file_path": self.file_path,
        }

    def photo_size_json(self) -> dict[str, Any]:
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": self.file_size,
            "width": self.width or 0,
            "height": self.height or 0,
        }

    def document_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        if self.file_name:
            data["file_name"] = self.file_name
        if self.mime_type:
            data["mime_type"] = self.mime_type
        data.update(file_id=self.file_id, file_unique_id=self.file_unique_id, file_size=self.file_size)
        return data

    def to_dict(self) -> dict[str, Any]:
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "kind": self.kind,
            "file_path": self.file_path,
            "file_size": self.file_size,
            "mime_type": self.mime_type,
            "file_name": self.file_name,
            "width": self.width,
            "height": self.height,
        }


# --------------------------------------------------------------------------- calls and faults


@dataclass
class ApiCall:
    """One request the server received. Supports ``call.method`` and ``call["method"]``."""

    method: str
    params: dict[str, Any]
    time: float
    status: int | None = None
    """HTTP status returned; None while a long poll is still pending."""
    description: str | None = None
    """The error description for failed calls."""

    def __getitem__(self, key: str) -> Any:
        if key not in {f.name for f in dataclasses.fields(self)}:
            raise KeyError(key)
        return getattr(self, key)

    @property
    def ok(self) -> bool:
        return self.status == 200

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass
class Refusal:
    """A call the server refused because the platform profile lacks what it asked for."""

    method: str
    reason: str
    """What Bale lacks, e.g. "parameter parse_mode" or "method setMyCommands"."""
    status: int
    description: str
    """The error description the server answered with."""
    time: float

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


FAULT_DESCRIPTIONS: dict[int, str] = {
    400: "Bad Request: injected fault",
    401: "Unauthorized",
    403: "Forbidden: bot was blocked by the user",
    404: "Not Found",
    409: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


@dataclass
class Fault:
    """An injected failure for the next ``times`` calls of ``method`` (optionally to one chat)."""

    method: str
    status: int = 429
    retry_after: int | None = 1
    times: int = 1
    chat_id: int | None = None
    description: str | None = None

    def matches(self, method: str, chat_id: Any) -> bool:
        if self.times <= 0 or self.method.lower() != method.lower():
            return False
        return self.chat_id is None or self.chat_id == chat_id

    def payload(self) -> dict[str, Any]:
        if self.description:
            description = self.description
        elif self.status == 429:
            description = f"Too Many Requests: retry after {self.retry_after or 1}"
        else:
            description = FAULT_DESCRIPTIONS.get(self.status, f"Error {self.status}")
        payload: dict[str, Any] = {"ok": False, "error_code": self.status, "description": description}
        if self.status == 429 and self.retry_after is not None:
            payload["parameters"] = {"retry_after": self.retry_after}
        return payload

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


# --------------------------------------------------------------------------- text helpers


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit of Telegram entity offsets."""
    return len(text.encode("utf-16-le")) // 2


_COMMAND_RE = re.compile(r"/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,64})?")


def command_entities(text: str) -> list[dict[str, Any]]:
    """The ``bot_command`` entity Telegram attaches to a text starting with a command."""
    match = _COMMAND_RE.match(text)
    if not match:
        return []
    return [{"offset": 0, "length": utf16_len(match.group(0)), "type": "bot_command"}]


class EntityParseError(ValueError):
    """A parse_mode text Telegram would refuse ("can't parse entities: ...")."""


class _TextBuilder:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0  # UTF-16 offset of the end of the text built so far
        self.entities: list[dict[str, Any]] = []

    def add(self, text: str) -> None:
        self.parts.append(text)
        self.pos += utf16_len(text)

    def entity(self, kind: str, start: int, **extra: Any) -> None:
        if self.pos > start:
            entity: dict[str, Any] = {"offset": start, "length": self.pos - start, "type": kind}
            entity.update({k: v for k, v in extra.items() if v is not None})
            self.entities.append(entity)

    def result(self) -> tuple[str, list[dict[str, Any]]]:
        entities = sorted(self.entities, key=lambda e: (e["offset"], -e["length"]))
        return "".join(self.parts), entities


def _byte_offset(src: str, index: int) -> int:
    return len(src[:index].encode("utf-8"))


_HTML_SIMPLE = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
}
_HTML_TAGS = set(_HTML_SIMPLE) | {"span", "a", "code", "pre", "blockquote", "tg-emoji"}
_HTML_TAG_RE = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)")
_HTML_ATTR_RE = re.compile(r"\s+([A-Za-z][A-Za-z0-9-]*)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>\"']+)))?")
_HTML_ENTITY_RE = re.compile(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|lt|gt|amp|quot);")
_HTML_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}


def _unescape_html(text: str) -> str:
    def repl(match: re.Match[str]) -> str:
        name = match.group(1)
        if name.startswith("#"):
            code = int(name[2:], 16) if name[1:2] in ("x", "X") else int(name[1:])
            return chr(code) if 0 < code <= 0x10FFFF else match.group(0)
        return _HTML_NAMED[name]

    return _HTML_ENTITY_RE.sub(repl, text)


def parse_html(src: str) -> tuple[str, list[dict[str, Any]]]:
    """Telegram's HTML parse mode: supported tags only, everything else is an error."""
    out = _TextBuilder()
    stack: list[tuple[str, int, dict[str, str]]] = []
    i, n = 0, len(src)
    while i < n:
        char = src[i]
        if char == "<":
            offset = _byte_offset(src, i)
            if src.startswith("</", i):
                end = src.find(">", i)
                if end < 0:
                    raise EntityParseError(f"Can't find end tag at byte offset {offset}")
                name = src[i + 2 : end].strip().lower()
                if not stack:
                    raise EntityParseError(f'Unexpected end tag "{name}" at byte offset {offset}')
                tag, start, tag_attrs = stack.pop()
                if name != tag:
                    raise EntityParseError(
                        f'Unmatched end tag at byte offset {offset}, expected "</{tag}>", found "</{name}>"'
                    )
                _close_html_tag(out, stack, tag, start, tag_attrs)
                i = end + 1
                continue
            match = _HTML_TAG_RE.match(src, i)
            if not match:
                raise EntityParseError(f'Unsupported start tag "" at byte offset {offset}')
            name = match.group(1).lower()
            if name not in _HTML_TAGS:
                raise EntityParseError(f'Unsupported start tag "{name}" at byte offset {offset}')
            j = match.end()
            attrs: dict[str, str] = {}
            while True:
                attr = _HTML_ATTR_RE.match(src, j)
                if not attr:
                    break
                value = next((g for g in attr.group(2, 3, 4) if g is not None), "")
                attrs[attr.group(1).lower()] = _unescape_html(value)
                j = attr.end()
            while j < n and src[j].isspace():
                j += 1
            if j < n and src[j] == "/" and src.startswith("/>", j):
                raise EntityParseError(f'Unsupported start tag "{name}/" at byte offset {offset}')
            if j >= n or src[j] != ">":
                raise EntityParseError(f'Can\'t find end of tag "{name}" at byte offset {offset}')
            if name == "span" and attrs.get("class") != "tg-spoiler":
                raise EntityParseError(f'Tag "span" must have class "tg-spoiler" at byte offset {offset}')
            if name == "tg-emoji" and "emoji-id" not in attrs:
                raise EntityParseError(
                    f'Tag "tg-emoji" must have attribute "emoji-id" at byte offset {offset}'
                )
            stack.append((name, out.pos, attrs))
            i = j + 1
            continue
        if char == "&":
            match = _HTML_ENTITY_RE.match(src, i)
            if match:
                out.add(_unescape_html(match.group(0)))
                i = match.end()
                continue
        out.add(char)
        i += 1
    if stack:
        raise EntityParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    return out.result()


def _close_html_tag(
    out: _TextBuilder,
    stack: list[tuple[str, int, dict[str, str]]],
    tag: str,
    start: int,
    attrs: dict[str, str],
) -> None:
    if tag in _HTML_SIMPLE:
        out.entity(_HTML_SIMPLE[tag], start)
    elif tag == "span":
        out.entity("spoiler", start)
    elif tag == "a":
        href = attrs.get("href")
        if href:
            out.entity("text_link", start, url=href)
    elif tag == "code":
        language = attrs.get("class", "")
        if stack and stack[-1][0] == "pre" and language.startswith("language-"):
            stack[-1][2]["_language"] = language[len("language-") :]
        else:
            out.entity("code", start)
    elif tag == "pre":
        out.entity("pre", start, language=attrs.get("_language"))
    elif tag == "blockquote":
        out.entity("expandable_blockquote" if "expandable" in attrs else "blockquote", start)
    elif tag == "tg-emoji":
        out.entity("custom_emoji", start, custom_emoji_id=attrs.get("emoji-id"))


_MDV2_RESERVED = set("_*[]()~`>#+-=|{}.!")
_MDV2_NAMES = {
    "bold": "Bold",
    "italic": "Italic",
    "underline": "Underline",
    "strikethrough": "Strikethrough",
    "spoiler": "Spoiler",
    "text_link": "TextUrl",
    "custom_emoji": "CustomEmoji",
}


def _scan_escaped(src: str, i: int, terminator: str, escapable: str) -> tuple[str, int] | None:
    """Read from ``i`` to ``terminator``; return (content, index of terminator) or None."""
    buf: list[str] = []
    n = len(src)
    while i < n:
        if src[i] == "\\" and i + 1 < n and src[i + 1] in escapable:
            buf.append(src[i + 1])
            i += 2
            continue
        if src.startswith(terminator, i):
            return "".join(buf), i
        buf.append(src[i])
        i += 1
    return None


def _split_pre_language(body: str) -> tuple[str, str | None]:
    newline = body.find("\n")
    if newline < 0:
        return body, None
    first = body[:newline]
    if first == "":
        return body[1:], None
    if not any(ch.isspace() for ch in first):
        return body[newline + 1 :], first
    return body, None


def parse_markdown_v2(src: str) -> tuple[str, list[dict[str, Any]]]:
    """Telegram's MarkdownV2: reserved characters must be escaped, entities may nest."""
    out = _TextBuilder()
    stack: list[tuple[str, int, int]] = []  # (kind, start, byte offset of the opening mark)
    quote_start: int | None = None
    i, n = 0, len(src)
    while i < n:
        char = src[i]
        offset = _byte_offset(src, i)
        if char == "\\":
            if i + 1 < n and 0 < ord(src[i + 1]) < 127:
                out.add(src[i + 1])
                i += 2
            else:
                out.add(char)
                i += 1
            continue
        if char == "`":
            if src.startswith("```", i):
                scanned = _scan_escaped(src, i + 3, "```", "`\\")
                if scanned is None:
                    raise EntityParseError(f"Can't find end of PreCode entity at byte offset {offset}")
                body, language = _split_pre_language(scanned[0])
                start = out.pos
                out.add(body)
                out.entity("pre", start, language=language)
                i = scanned[1] + 3
            else:
                scanned = _scan_escaped(src, i + 1, "`", "`\\")
                if scanned is None:
                    raise EntityParseError(f"Can't find end of Code entity at byte offset {offset}")
                start = out.pos
                out.add(scanned[0])
                out.entity("code", start)
                i = scanned[1] + 1
            continue
        if char in "*_~|":
            if char == "_" and src.startswith("__", i):
                kind, width = "underline", 2
            elif char == "_":
                kind, width = "italic", 1
            elif char == "*":
                kind, width = "bold", 1
            elif char == "~":
                kind, width = "strikethrough", 1
            elif src.startswith("||", i):
                kind, width = "spoiler", 2
            else:
                raise EntityParseError(
                    "Character '|' is reserved and must be escaped with the preceding '\\'"
                )
            if stack and stack[-1][0] == kind:
                _, start, _ = stack.pop()
                out.entity(kind, start)
            elif any(entry[0] == kind for entry in stack):
                opened = next(entry for entry in reversed(stack) if entry[0] == kind)
                raise EntityParseError(
                    f"Can't find end of {_MDV2_NAMES[kind]} entity at byte offset {opened[2]}"
                )
            else:
                stack.append((kind, out.pos, offset))
            i += width
            continue
        if char == "[" or (char == "!" and src.startswith("![", i)):
            kind = "text_link" if char == "[" else "custom_emoji"
            stack.append((kind, out.pos, offset))
            i += 1 if char == "[" else 2
            continue
        if char == "]":
            if not stack or stack[-1][0] not in ("text_link", "custom_emoji"):
                raise EntityParseError(
                    "Character ']' is reserved and must be escaped with the preceding '\\'"
                )
            kind, start, opened_at = stack.pop()
            if not src.startswith("(", i + 1):
                raise EntityParseError(
                    f"Can't find end of {_MDV2_NAMES[kind]} entity at byte offset {opened_at}"
                )
            scanned = _scan_escaped(src, i + 2, ")", ")\\")
            if scanned is None:
                raise EntityParseError(f"Can't find end of a URL at byte offset {_byte_offset(src, i + 1)}")
            url = scanned[0]
            if kind == "text_link":
                out.entity("text_link", start, url=url)
            else:
                emoji_id = url.split("id=", 1)[1] if "id=" in url else url
                out.entity("custom_emoji", start, custom_emoji_id=emoji_id)
            i = scanned[1] + 1
            continue
        if char == ">" and (i == 0 or src[i - 1] == "\n"):
            if quote_start is None:
                quote_start = out.pos
            i += 1
            continue
        if char == "\n" and quote_start is not None and not src.startswith(">", i + 1):
            out.entity("blockquote", quote_start)
            quote_start = None
        if char in _MDV2_RESERVED:
            raise EntityParseError(
                f"Character '{char}' is reserved and must be escaped with the preceding '\\'"
            )
        out.add(char)
        i += 1
    if stack:
        kind, _, opened_at = stack[-1]
        raise EntityParseError(f"Can't find end of {_MDV2_NAMES[kind]} entity at byte offset {opened_at}")
    if quote_start is not None:
        out.entity("blockquote", quote_start)
    return out.result()


def parse_markdown(src: str) -> tuple[str, list[dict[str, Any]]]:
    """Telegram's legacy Markdown: *bold*, _italic_, `code`, ```pre```, [text](url); no nesting."""
    out = _TextBuilder()
    i, n = 0, len(src)
    while i < n:
        char = src[i]
        if char == "\\" and i + 1 < n and src[i + 1] in "_*`[":
            out.add(src[i + 1])
            i += 2
            continue
        if char in "*_`":
            offset = _byte_offset(src, i)
            if src.startswith("```", i):
                end = src.find("```", i + 3)
                if end < 0:
                    raise EntityParseError(f"Can't find end of the entity starting at byte offset {offset}")
                body, language = _split_pre_language(src[i + 3 : end])
                start = out.pos
                out.add(body)
                out.entity("pre", start, language=language)
                i = end + 3
                continue
            end = src.find(char, i + 1)
            if end < 0:
                raise EntityParseError(f"Can't find end of the entity starting at byte offset {offset}")
            start = out.pos
            out.add(src[i + 1 : end])
            out.entity({"*": "bold", "_": "italic", "`": "code"}[char], start)
            i = end + 1
            continue
        if char == "[":
            close = src.find("]", i + 1)
            if close >= 0 and src.startswith("(", close + 1):
                paren = src.find(")", close + 2)
                if paren >= 0:
                    start = out.pos
                    out.add(src[i + 1 : close])
                    out.entity("text_link", start, url=src[close + 2 : paren])
                    i = paren + 1
                    continue
            raise EntityParseError(
                f"Can't find end of the entity starting at byte offset {_byte_offset(src, i)}"
            )
        out.add(char)
        i += 1
    return out.result()


def parse_formatted(text: str, parse_mode: str) -> tuple[str, list[dict[str, Any]]]:
    """Apply a parse_mode. Raises EntityParseError (invalid markup) or ValueError (unknown mode)."""
    mode = parse_mode.strip().lower()
    if mode == "html":
        return parse_html(text)
    if mode == "markdownv2":
        return parse_markdown_v2(text)
    if mode == "markdown":
        return parse_markdown(text)
    raise ValueError(f"unsupported parse_mode {parse_mode!r}")


def strip_text(text: str, entities: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    """Telegram trims leading and trailing whitespace of texts and captions; shift entities."""
    lead = utf16_len(text[: len(text) - len(text.lstrip())])
    stripped = text.strip()
    total = utf16_len(stripped)
    shifted: list[dict[str, Any]] = []
    for entity in entities:
        start = max(entity["offset"] - lead, 0)
        end = min(entity["offset"] + entity["length"] - lead, total)
        if end > start:
            shifted.append({**entity, "offset": start, "length": end - start})
    return stripped, shifted


# --------------------------------------------------------------------------- images


def image_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) of a PNG/JPEG/GIF/WEBP/BMP image, or None if it isn't one of them."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        width, height = struct.unpack("<HH", data[6:10])
        return int(width), int(height)
    if data[:2] == b"BM" and len(data) >= 26:
        width, height = struct.unpack("<ii", data[18:26])
        return abs(int(width)), abs(int(height))
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return _webp_size(data) or (512, 512)
    if data[:3] == b"\xff\xd8\xff":
        return _jpeg_size(data) or (800, 600)
    return None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    i = 2
    while i + 9 < len(data):
        if data[i] != 0xFF:
            return None
        marker = data[i + 1]
        if marker == 0xFF:
            i += 1
            continue
        length = struct.unpack(">H", data[i + 2 : i + 4])[0]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[i + 5 : i + 9])
            return int(width), int(height)
        i += 2 + length
    return None


def _webp_size(data: bytes) -> tuple[int, int] | None:
    chunk = data[12:16]
    if chunk == b"VP8X" and len(data) >= 30:
        width = 1 + int.from_bytes(data[24:27], "little")
        height = 1 + int.from_bytes(data[27:30], "little")
        return width, height
    if chunk == b"VP8 " and len(data) >= 30:
        width, height = struct.unpack("<HH", data[26:30])
        return width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8L" and len(data) >= 25:
        bits = int.from_bytes(data[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    return None
