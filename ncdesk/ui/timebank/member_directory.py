"""Who can take part in an exchange, kept in memory for type-ahead member fields.

Every account with its balance is read once in the background (a few thousand rows even for
a big timebank) and refreshed when timebank or people data change. Member fields complete on
"Name (REF)" labels and resolve what was typed to one account, or say plainly why not.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, QStringListModel, Signal

from ncdesk.core.services.skills import Category, categories
from ncdesk.core.services.timebank_accounts import AccountInfo, list_accounts
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.qt_fixes import emit
from ncdesk.ui.common.tasks import PEOPLE, TIMEBANK

# Accounts that trade hours directly; the chest moves hours only by donation and grant.
TRADING_KINDS = ("member", "organisation")


def account_label(account: AccountInfo) -> str:
    return f"{account.name} ({account.ref})" if account.ref else account.name


@dataclass(frozen=True)
class Resolved:
    """What a member field's text stands for: an account, or the reason there is none."""

    account: AccountInfo | None
    problem: str = ""
    note: str = ""  # worth knowing but not a refusal (a paused member)

    @property
    def label(self) -> str:
        return account_label(self.account) if self.account else ""


@dataclass(frozen=True)
class _Loaded:
    accounts: list[AccountInfo]
    categories: list[Category]


class MemberDirectory(QObject):
    """Accounts and skill categories for one screen area, with completion models."""

    loaded = Signal()

    def __init__(self, ctx: DeskContext, parent: QObject | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self._asked = 0
        self.accounts: list[AccountInfo] = []
        self.categories: list[Category] = []
        self._by_id: dict[int, AccountInfo] = {}
        self._by_key: dict[str, AccountInfo] = {}
        self._trading: list[tuple[str, AccountInfo]] = []  # (folded label, account)
        self._everyone: list[tuple[str, AccountInfo]] = []
        self.is_loaded = False
        self.member_names = QStringListModel(self)
        self.category_names = QStringListModel(self)
        ctx.changes.changed.connect(self._data_changed)

    def refresh(self) -> None:
        self._asked += 1
        number, db = self._asked, self._ctx.db

        def load() -> tuple[int, _Loaded]:
            return number, _Loaded(list_accounts(db), categories(db))

        self._ctx.tasks.run_query(load, self._show)

    def account(self, account_id: int) -> AccountInfo | None:
        return self._by_id.get(account_id)

    def chest(self) -> AccountInfo | None:
        return next((a for a in self.accounts if a.kind == "chest"), None)

    def resolve(self, text: str) -> Resolved:
        """The one account `text` names, for an exchange: its full label, its reference, or
        a part of one label only. A member who has left is refused (they cannot trade now)."""
        found = self.find(text)
        if found.account is None:
            return found
        account = found.account
        if account.kind == "chest":
            return Resolved(
                None, self.tr("the community chest takes donations and gives grants, not exchanges")
            )
        if account.status == "left":
            return Resolved(None, self.tr("{name} has left the timebank").format(name=account.name))
        note = (
            self.tr("{name} is paused").format(name=account.name)
            if account.status == "paused"
            else ""
        )
        return Resolved(account, note=note)

    def find(self, text: str) -> Resolved:
        """Any account `text` names (for looking things up, so members who left count);
        parts of names are matched among current members first."""
        key = " ".join(text.split()).casefold()
        if not key:
            return Resolved(None, self.tr("who? Type part of a name or a reference"))
        exact = self._by_key.get(key)
        if exact is not None:
            return Resolved(exact)
        for pool in (self._trading, self._everyone):
            candidates = [a for label, a in pool if key in label]
            same_name = [a for a in candidates if a.name.casefold() == key]
            if len(same_name) == 1:
                return Resolved(same_name[0])
            if len(candidates) == 1:
                return Resolved(candidates[0])
            if candidates:
                return Resolved(
                    None,
                    self.tr(
                        "{count} members match “{text}”: type more, or pick one from the list"
                    ).format(count=len(candidates), text=text.strip()),
                )
        return Resolved(
            None, self.tr("nobody in the timebank matches “{text}”").format(text=text.strip())
        )

    def resolve_category(self, text: str) -> tuple[Category | None, str]:
        """A skill category by name or a part of one; blank is allowed (no category)."""
        key = " ".join(text.split()).casefold()
        if not key:
            return None, ""
        exact = [c for c in self.categories if c.name.casefold() == key]
        candidates = exact or [c for c in self.categories if key in c.name.casefold()]
        if len(candidates) == 1:
            return candidates[0], ""
        if candidates:
            return None, self.tr("several categories match “{text}”: type more").format(
                text=text.strip()
            )
        return None, self.tr("not a skill category on the list")

    # --- inside -----------------------------------------------------------------------------

    def _show(self, answer: tuple[int, _Loaded]) -> None:
        number, loaded = answer
        if number != self._asked:
            return  # a newer load is on its way
        self.accounts = loaded.accounts
        self.categories = loaded.categories
        self._by_id = {a.id: a for a in loaded.accounts}
        self._by_key = {}
        for a in loaded.accounts:
            self._by_key[account_label(a).casefold()] = a
            if a.ref:
                self._by_key.setdefault(a.ref.casefold(), a)
        self._everyone = [(account_label(a).casefold(), a) for a in loaded.accounts]
        self._trading = [
            (label, a)
            for label, a in self._everyone
            if a.kind in TRADING_KINDS and a.status != "left"
        ]
        trading = sorted((account_label(a) for _, a in self._trading), key=str.casefold)
        self.member_names.setStringList(trading)
        self.category_names.setStringList([c.name for c in loaded.categories])
        self.is_loaded = True
        emit(self.loaded)

    def _data_changed(self, area: str) -> None:
        if self.is_loaded and area in (TIMEBANK, PEOPLE):
            self.refresh()
