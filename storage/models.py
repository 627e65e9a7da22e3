"""Typed rows: what the repositories hand out."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, field_validator

EmployeeStatus = Literal["employed", "retired", "pensioner"]
Relation = Literal["spouse", "child", "parent"]


class Row(BaseModel):
    """A frozen record read from the database."""

    model_config = ConfigDict(frozen=True)


class Employee(Row):
    """A person in the office's registry."""

    id: int
    personnel_no: str
    national_id: str
    first_name: str
    last_name: str
    mobile: str
    status: EmployeeStatus
    hire_date: dt.date | None
    fund_member_since: dt.date | None
    fund_debt: int
    sheba: str  # "" for someone who never gave one (the registry allows it; a loan needs one)

    @property
    def full_name(self) -> str:
        """First and last name."""
        return f"{self.first_name} {self.last_name}"


class Dependant(Row):
    """A family member registered under an employee."""

    id: int
    employee_id: int
    national_id: str
    first_name: str
    last_name: str
    relation: Relation
    birth_date: dt.date | None

    @property
    def full_name(self) -> str:
        """First and last name."""
        return f"{self.first_name} {self.last_name}"


class Request(Row):
    """One case of any service."""

    id: int
    tracking_code: str
    service: str
    employee_id: int
    user_id: int
    status: str
    payload: dict[str, Any]
    admin_chat_id: int | None
    admin_message_id: int | None
    resume_status: str | None
    created_at: dt.datetime
    updated_at: dt.datetime

    @field_validator("payload", mode="before")
    @classmethod
    def _decode(cls, value: Any) -> Any:
        return json.loads(value) if isinstance(value, str) else value


class RequestEvent(Row):
    """One line of a request's audit trail."""

    id: int
    request_id: int
    at: dt.datetime
    actor: int | None
    actor_name: str | None
    actor_role: str | None
    action: str
    from_status: str | None
    to_status: str
    note: str | None
    #: The absent staff member a substitute acted for (None: the actor acted in their own right).
    on_behalf_of: int | None = None


class Attachment(Row):
    """A document or photo attached to a request (kept on Telegram's side, by file id)."""

    id: int
    request_id: int
    kind: str
    file_id: str
    file_unique_id: str | None
    file_name: str | None
    mime_type: str | None
    file_size: int | None
    uploaded_by: int | None
    uploaded_at: dt.datetime


class OutboxMessage(Row):
    """A message the bot owes a chat."""

    id: int
    chat_id: int
    method: str
    payload: dict[str, Any]
    document: bytes | None
    status: str
    attempts: int
    not_before: dt.datetime
    request_id: int | None
    purpose: str | None

    @field_validator("payload", mode="before")
    @classmethod
    def _decode(cls, value: Any) -> Any:
        return json.loads(value) if isinstance(value, str) else value


class Reminder(Row):
    """A message due at a moment, kept in the database so restarts do not lose it."""

    id: int
    request_id: int | None
    chat_id: int
    kind: str
    due_at: dt.datetime
    text: str
    status: str
