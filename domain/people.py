"""Who the rules talk about: an employee's status and a dependant's relation (values as stored)."""

from __future__ import annotations

from enum import StrEnum


class EmployeeStatus(StrEnum):
    """Employment status of a person in the office's registry (``storage.models.EmployeeStatus``)."""

    EMPLOYED = "employed"
    RETIRED = "retired"
    PENSIONER = "pensioner"


class Relation(StrEnum):
    """How a dependant relates to the employee (``storage.models.Relation``)."""

    SPOUSE = "spouse"
    CHILD = "child"
    PARENT = "parent"
