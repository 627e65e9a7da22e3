"""The organisation's identity from the office file (``[organisation]``), and official letter numbers.

The organisation is no service: its section is one of the kit's own sections of the office file
(:data:`SECTIONS`, passed to :class:`services.kit.Services` by ``bot.office.services_of``). Every document
reads its letterhead from here.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from documents.models import Letterhead, Signatory
from domain.jalali import to_jalali
from domain.text import normalize_digits
from services.kit import Loader
from storage.base import Reader
from storage.db import Tx
from storage.documents import next_letter_number, organisation, save_organisation
from texts import documents as doc_t

#: Letter series used before the office file names one.
DEFAULT_SERIES = "R"
_LOGO_SUFFIXES = (".png", ".jpg", ".jpeg")


class SignatoryConfig(BaseModel):
    """One signature place on official letters."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    title: str = Field(min_length=1, max_length=80)
    name: str = Field(default="", max_length=80)


class OrganisationConfig(BaseModel):
    """The ``[organisation]`` table of the office file."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=120)
    unit: str = Field(default="", max_length=120)
    address: str = Field(default="", max_length=300)
    phone: str = Field(default="", max_length=40)
    logo: str | None = None
    letter_series: str = Field(default=DEFAULT_SERIES, pattern=r"^[\w-]{1,16}$")
    signatories: list[SignatoryConfig] = Field(default_factory=list, max_length=3)

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str) -> str:
        value = normalize_digits(value)
        if value and not all(ch.isdigit() or ch in " -+()" for ch in value):
            raise ValueError("a phone number of digits, spaces, dashes, + and parentheses")
        return value

    @field_validator("logo")
    @classmethod
    def _logo(cls, value: str | None) -> str | None:
        if not value:
            return None
        path = Path(value).expanduser().resolve()
        if path.suffix.lower() not in _LOGO_SUFFIXES or not path.is_file():
            raise ValueError(f"logo {value!r}: an existing PNG or JPEG file")
        return str(path)


async def load_organisation(tx: Tx, data: Any, now: dt.datetime) -> int:
    """Set the organisation's name, unit, address, phone, logo, letter series and signatories."""
    if not isinstance(data, dict):
        raise ValueError("organisation must be a table: [organisation]")
    config = OrganisationConfig.model_validate(data)
    await save_organisation(
        tx,
        {
            "name": config.name,
            "unit": config.unit,
            "address": config.address,
            "phone": config.phone,
            "logo_path": config.logo,
            "letter_series": config.letter_series,
            "signatories": [s.model_dump() for s in config.signatories],
        },
        now,
    )
    return 1


#: The kit's own sections of the office file (no service owns them).
SECTIONS: dict[str, Loader] = {"organisation": load_organisation}


async def letterhead(q: Reader) -> Letterhead:
    """What heads every document: the configured organisation, or the office's name until it is set."""
    found = await organisation(q)
    if found is None:
        return Letterhead(name=doc_t.DOC_OFFICE_NAME)
    return Letterhead(
        name=found.name,
        unit=found.unit,
        address=found.address,
        phone=found.phone,
        logo_path=found.logo_path,
        signatories=[Signatory.model_validate(s) for s in found.signatories],
    )


async def next_letter_no(tx: Tx, now: dt.datetime, zone: zoneinfo.ZoneInfo) -> str:
    """The next official letter number: ``<Jalali year>/<series>/<n>``, counted per series and year."""
    found = await organisation(tx)
    series = found.letter_series if found is not None else DEFAULT_SERIES
    year = int(to_jalali(now.astimezone(zone).date()).year)
    return f"{year}/{series}/{await next_letter_number(tx, series, year)}"
