"""Inputs of the document generators.

Callers fill these with values that are already display-ready: dates and times come as formatted
Jalali strings (e.g. ``"1404/01/20 ... 14:00"``), amounts as integer rials. The generators only
lay them out; they never compute dates or look anything up.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from domain.validators import InvalidInput, parse_sheba


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, str_strip_whitespace=True, extra="forbid")


class Signatory(_Model):
    """One signature place on an official letter: the office's title, and the holder's name if printed."""

    title: str
    name: str = ""


class Letterhead(_Model):
    """The organisation as every document shows it (from the office file's ``[organisation]``)."""

    name: str = Field(min_length=1)
    unit: str = ""
    address: str = ""
    phone: str = ""
    logo_path: str | None = None
    """A PNG or JPEG file; a document is still printed, without the logo, if the file has gone."""
    signatories: list[Signatory] = Field(default_factory=list)


class VoucherData(_Model):
    """A confirmed guesthouse reservation, as printed on the guest's voucher."""

    letterhead: Letterhead
    verify_link: str = ""
    """The QR code's deep link to the bot that checks the voucher."""
    reservation_code: str = Field(min_length=1)
    guest_full_name: str
    personnel_no: str
    national_id: str
    guesthouse_name: str
    city: str
    room_label: str
    check_in: str
    """Formatted Jalali date and time of check-in, e.g. ``"1404/01/20 <at> 14:00"``."""
    check_out: str
    nights: int = Field(ge=1)
    guests: list[str] = Field(default_factory=list)
    """Everyone staying in the room (normally the employee first)."""
    fee_rials: int = Field(ge=0)
    payment_ref: str
    issued_at: str


class BankLetterData(_Model):
    """The welfare office's letter asking a bank branch to pay out a welfare-fund loan."""

    letterhead: Letterhead
    verify_link: str = ""
    """The QR code's deep link to the bot that checks the letter."""
    attachments: list[str] = Field(default_factory=list)
    letter_no: str
    date: str
    bank_name: str
    branch_name: str
    applicant_full_name: str
    father_name: str | None = None
    personnel_no: str
    national_id: str
    mobile: str
    sheba: str
    """``IR`` and 24 digits, checked (mod 97) and normalised by ``domain.validators.parse_sheba``."""
    loan_amount_rials: int = Field(gt=0)
    instalments: int = Field(ge=1)
    tracking_code: str = Field(min_length=1)

    @field_validator("sheba", mode="before")
    @classmethod
    def _normalise_sheba(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        try:
            return parse_sheba(value)
        except InvalidInput as invalid:
            raise ValueError(f"sheba: {invalid.code}") from None

    @field_validator("father_name", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        if isinstance(value, str) and not value.strip():
            return None
        return value


class DeductionRow(_Model):
    """One loan instalment to deduct from one employee's pay."""

    personnel_no: str
    full_name: str
    loan_code: str
    instalment_no: int = Field(ge=1)
    instalments: int = Field(ge=1)
    amount: int = Field(ge=0)
    """Rials."""

    @model_validator(mode="after")
    def _instalment_in_range(self) -> DeductionRow:
        if self.instalment_no > self.instalments:
            raise ValueError("instalment_no must not exceed instalments")
        return self
