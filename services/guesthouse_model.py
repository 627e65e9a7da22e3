"""The guesthouse service's shared views: what the use cases (:mod:`services.guesthouse`) return and the
rendering (:mod:`services.guesthouse_text`) reads."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from domain.guesthouse import House
from storage.models import Request


@dataclass(frozen=True)
class HouseDay:
    """Today's arrivals and departures at one house."""

    house: House
    day: dt.date
    arrivals: list[Request]
    departures: list[Request]
