"""Files users send: which are accepted as documents, and how they are described to the services."""

from __future__ import annotations

from telegram import Message

from services.requests import NewAttachment

ACCEPTED_MIME = frozenset({"application/pdf", "image/jpeg", "image/png"})
MAX_BYTES = 10 * 1024 * 1024


class FileRefused(ValueError):
    """The message carries no acceptable document; ``code`` names why."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def attachment_from(message: Message) -> NewAttachment:
    """The photo or document in ``message``, or :class:`FileRefused` (``not_a_file``, ``type``, ``size``)."""
    if message.photo:
        photo = max(message.photo, key=lambda p: (p.width * p.height, p.file_size or 0))
        if (photo.file_size or 0) > MAX_BYTES:
            raise FileRefused("size")
        return NewAttachment(
            "photo", photo.file_id, photo.file_unique_id, None, "image/jpeg", photo.file_size
        )
    document = message.document
    if document is None:
        raise FileRefused("not_a_file")
    if (document.mime_type or "") not in ACCEPTED_MIME:
        raise FileRefused("type")
    if (document.file_size or 0) > MAX_BYTES:
        raise FileRefused("size")
    return NewAttachment(
        "document",
        document.file_id,
        document.file_unique_id,
        document.file_name,
        document.mime_type,
        document.file_size,
    )


def to_json(a: NewAttachment) -> dict[str, object]:
    """An attachment for a draft in user data."""
    return dict(a.__dict__)


def from_json(data: dict[str, object]) -> NewAttachment:
    """An attachment back from a draft."""
    return NewAttachment(**data)  # type: ignore[arg-type]
