"""The registry's households, as the conflict-of-interest rule (``domain.family``) needs them."""

from __future__ import annotations

from domain.family import Household
from storage.base import Reader

# Both households in one statement: 'a' rows are the actor's (through their linked account), 'o' the owner's.
_HOUSEHOLDS = """
SELECT 'a' AS side, 0 AS dep, e.national_id AS nid
  FROM accounts a JOIN employees e ON e.id = a.employee_id WHERE a.user_id = :actor
UNION ALL
SELECT 'a', 1, d.national_id FROM accounts a JOIN dependants d ON d.employee_id = a.employee_id
 WHERE a.user_id = :actor
UNION ALL
SELECT 'o', 0, national_id FROM employees WHERE id = :owner
UNION ALL
SELECT 'o', 1, national_id FROM dependants WHERE employee_id = :owner
"""


async def households(
    q: Reader, *, actor: int, owner_employee_id: int
) -> tuple[Household | None, Household | None]:
    """The household of the employee linked to account ``actor``, and of employee ``owner_employee_id``."""
    rows = await q.fetchall(_HOUSEHOLDS, {"actor": actor, "owner": owner_employee_id})
    found: dict[str, Household] = {}
    for side in ("a", "o"):
        heads = [r["nid"] for r in rows if r["side"] == side and not r["dep"]]
        if heads:
            deps = frozenset(r["nid"] for r in rows if r["side"] == side and r["dep"])
            found[side] = Household(heads[0], deps)
    return found.get("a"), found.get("o")
