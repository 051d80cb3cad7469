"""Importing this registers every domain's merge step, so a merge never misses one."""

from ncdesk.core.services import desk  # noqa: F401  (attendances, referrals, volunteer shifts)
