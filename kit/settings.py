"""Typed settings from the environment and ``.env``; built once at start-up and passed in."""

from __future__ import annotations

import zoneinfo
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

#: The official endpoints of each platform: (API base URL, file base URL). The token is appended by PTB.
PLATFORM_URLS: dict[str, tuple[str, str]] = {
    "telegram": ("https://api.telegram.org/bot", "https://api.telegram.org/file/bot"),
    "bale": ("https://tapi.bale.ai/bot", "https://tapi.bale.ai/file/bot"),
}


class Settings(BaseSettings):
    """Every setting of Refah; each is documented in ``.env.example``."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    bot_token: SecretStr | None = Field(default=None, validation_alias="BOT_TOKEN")
    bot_platform: Literal["telegram", "bale"] = Field(default="telegram", validation_alias="BOT_PLATFORM")
    bot_api_base_url: str | None = Field(default=None, validation_alias="BOT_API_BASE_URL")
    bot_api_file_url: str | None = Field(default=None, validation_alias="BOT_API_FILE_URL")
    database_path: Path = Field(default=Path("data/refah.sqlite3"), validation_alias="DATABASE_PATH")
    admin_chat_id: int | None = Field(default=None, validation_alias="ADMIN_CHAT_ID")
    admin_user_ids: Annotated[frozenset[int], NoDecode] = Field(
        default=frozenset(), validation_alias="ADMIN_USER_IDS"
    )
    timezone: str = Field(default="Asia/Tehran", validation_alias="TIMEZONE")
    office_contact: str = Field(default="021-00000000", validation_alias="OFFICE_CONTACT")
    playground_port: int = Field(default=8080, ge=1, le=65535, validation_alias="PLAYGROUND_PORT")
    conversation_timeout_minutes: float = Field(
        default=30, gt=0, le=24 * 60, validation_alias="CONVERSATION_TIMEOUT_MINUTES"
    )
    backup_dir: Path | None = Field(default=Path("data/backups"), validation_alias="BACKUP_DIR")
    backup_keep: int = Field(default=14, ge=1, le=3650, validation_alias="BACKUP_KEEP")

    @field_validator("admin_user_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [p.strip() for p in value.split(",") if p.strip()]
            try:
                return frozenset(int(p) for p in parts)
            except ValueError:
                raise ValueError("a comma-separated list of numeric user ids") from None
        return value

    @field_validator("backup_dir", mode="before")
    @classmethod
    def _empty_is_off(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r}") from None
        return value

    @field_validator("bot_api_base_url", "bot_api_file_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        """The office's time zone."""
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def base_url(self) -> str:
        """The Bot API base URL (an override wins over the platform's)."""
        return self.bot_api_base_url or PLATFORM_URLS[self.bot_platform][0]

    @property
    def file_url(self) -> str:
        """The Bot API file base URL (an override wins over the platform's)."""
        return self.bot_api_file_url or PLATFORM_URLS[self.bot_platform][1]

    @property
    def is_bale(self) -> bool:
        """Whether the bot talks to Bale."""
        return self.bot_platform == "bale"


_ENV_NAMES = {
    name: (field.validation_alias if isinstance(field.validation_alias, str) else name.upper())
    for name, field in Settings.model_fields.items()
}


def describe_error(error: ValidationError) -> str:
    """One line naming the first bad setting and what is wrong with it."""
    first = error.errors()[0]
    field = str(first["loc"][0]) if first["loc"] else "?"
    name = _ENV_NAMES.get(field, field.upper())
    message = first["msg"].removeprefix("Value error, ")
    return f"configuration error: {name}: {message} (got {first.get('input')!r})"
