"""The main window: wires the area screens together and nothing more.

Areas are listed in a sidebar (Ctrl+1, Ctrl+2… jump to them); only areas the signed-in user's
role may use are listed (the core's guard on the service an area cannot work without says
which). An area's screen, and the code behind it, is loaded the first time it is shown, so a
new window costs one screen, not all of them (`window.area("loans")` builds one on demand).
The title carries the organisation's name and who is signed in; the status bar says which
database is open. A database without accounts carries a banner saying so. The window locks
after the organisation's idle minutes (`access.window_lock`), and once its owner starts them,
makes automatic backups (`backups.automatic`), the last as it closes.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, overload

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from ncdesk import __version__
from ncdesk.ui.access.no_accounts_banner import NoAccountsBanner
from ncdesk.ui.access.role_words import role_name, signed_in_as
from ncdesk.ui.backups.warning_line import BackupWarning
from ncdesk.ui.common.font_size import FontScaler
from ncdesk.ui.common.qt_fixes import emit
from ncdesk.ui.common.tasks import ACCOUNTS, PEOPLE, SETTINGS

if TYPE_CHECKING:  # loaded with the database, not with the frame (see `attach`)
    from ncdesk.core.services.settings import OrgSettings
    from ncdesk.ui.access.window_lock import WindowLock
    from ncdesk.ui.backups.automatic import AutomaticBackups
    from ncdesk.ui.common.desk_context import DeskContext

if TYPE_CHECKING:
    from ncdesk.ui.access.password_dialog import ChangePasswordDialog
    from ncdesk.ui.admin.settings_dialog import SettingsDialog

W = TypeVar("W", bound=QWidget)

if TYPE_CHECKING:  # the import wizard's modules load when File ▸ Import is first used
    from ncdesk.ui.imports.import_wizard import ImportWizard
    from ncdesk.ui.imports.template_dialog import TemplateDialog


class AreaScreen(Protocol):
    """What the main window needs from each area's screen."""

    @property
    def title(self) -> str: ...

    def activate(self) -> None: ...


@dataclass(frozen=True)
class Area:
    """An area: its key (`window.area("loans")`), its word in the sidebar, its screen class
    and the service it cannot work without (None: every role may open it; the area is listed
    only for roles that service lets through). Both are named "module:attribute" and imported
    only when needed, so start-up does not load every area's code."""

    key: str
    title: str
    screen: str
    needs: str | None = None

    def make(self, ctx: DeskContext, parent: QWidget) -> QWidget:
        module, _, name = self.screen.partition(":")
        screen: QWidget = getattr(importlib.import_module(module), name)(ctx, parent)
        return screen

    def is_kind(self, kind: type[QWidget]) -> bool:
        return self.screen == f"{kind.__module__}:{kind.__qualname__}"


# The areas in sidebar order. A new area adds its screen here, once it does something.
# Titles are marked for translation here (the sidebar shows them before any screen is built).
AREA_SCREENS: list[Area] = [
    # Home's figures are a report: coordinators and admins only (DESIGN §9).
    Area(
        "home",
        "Home",
        "ncdesk.ui.home.home_screen:HomeScreen",
        "ncdesk.core.reports.home:home_figures",
    ),
    Area("people", "People", "ncdesk.ui.people.people_screen:PeopleScreen"),
    Area("dropin", "Drop-in", "ncdesk.ui.dropin.dropin_screen:DropInScreen"),
    Area("timebank", "Timebank", "ncdesk.ui.timebank.timebank_screen:TimebankScreen"),
    Area("loans", "Loans", "ncdesk.ui.loans.loans_screen:LoansScreen"),
    Area(
        "reports",
        "Reports",
        "ncdesk.ui.reports.reports_screen:ReportsScreen",
        "ncdesk.core.reports.grant_return:build_return",
    ),
    Area(
        "admin",
        "Admin",
        "ncdesk.ui.admin.admin_screen:AdminScreen",
        "ncdesk.core.security.accounts:list_users",
    ),
]


class MainWindow(QMainWindow):
    """The window people work in, holding one screen per area."""

    # The database was opened again (someone else signed in at the lock, or it was just
    # encrypted), with anything to tell the user: whoever made this window makes a new one.
    reopened = Signal(object, str)
    closed_unopened = Signal()  # the frame was closed before a database was attached

    def __init__(self, ctx: DeskContext | None = None, parent: QWidget | None = None):
        """The frame, from Qt alone: shown while the database opens (`attach` fills it), so
        a new process has its window up before SQLAlchemy and ncdesk's core are loaded.
        Given an open database's context, the window is filled at once."""
        super().__init__(parent)
        self._attached = False
        self._ctx: DeskContext
        self.settings: OrgSettings
        self.idle_lock: WindowLock
        self.backups: AutomaticBackups
        self.areas: list[Area] = []
        self._built: list[QWidget | None] = []
        self.fonts = FontScaler(self)
        self.setWindowTitle("ncdesk")
        # Laid out by `attach`; until then they have no parent, so nothing stray is drawn.
        self.sidebar = QListWidget()
        self.sidebar.setAccessibleName(self.tr("Areas"))
        self.sidebar.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.stack = QStackedWidget()
        # The content, and the lock page shown instead of it while locked; until the
        # database is open, the icon and a line saying it is being opened.
        self.pages = QStackedWidget(self)
        self.opening_page = QWidget(self.pages)
        icon = QLabel(self.opening_page)
        icon.setPixmap(self.windowIcon().pixmap(64, 64))
        self.opening = QLabel(self.tr("Opening the database…"), self.opening_page)
        opening = QVBoxLayout(self.opening_page)
        opening.addStretch(1)
        opening.addWidget(icon, 0, Qt.AlignmentFlag.AlignHCenter)
        opening.addWidget(self.opening, 0, Qt.AlignmentFlag.AlignHCenter)
        opening.addStretch(1)
        self.pages.addWidget(self.opening_page)
        self.setCentralWidget(self.pages)
        self.resize(1200, 750)
        if ctx is not None:
            self.attach(ctx)

    def attach(self, ctx: DeskContext) -> None:
        """Fill the frame for the open database: the areas the signed-in role may use, the
        menus, the status bar, the idle lock and automatic backups; then the first area."""
        # What needs the database is loaded with it, not with the frame.
        from ncdesk.core.services.settings import OrgSettings
        from ncdesk.ui.access.window_lock import WindowLock
        from ncdesk.ui.backups.automatic import AutomaticBackups

        assert not self._attached, "a window shows one database; reopening makes a new one"
        self._attached = True
        self._ctx = ctx
        self.settings = OrgSettings()
        self._settings_read = False
        # The areas this role may use, in sidebar order, and each one's screen once built
        # (until then an empty page holds its place in the stack).
        self.areas = [a for a in AREA_SCREENS if a.needs is None or self._may(a.needs)]
        self._built = [None] * len(self.areas)
        for area in self.areas:
            self.stack.addWidget(QWidget(self.stack))
            self.sidebar.addItem(_area_title(area))
        self.sidebar.currentRowChanged.connect(self.show_area)
        self._fit_sidebar()

        self.no_accounts = NoAccountsBanner(self)
        self.no_accounts.add_admin_asked.connect(self.add_first_admin)
        self.backup_warning = BackupWarning(self)
        self.backups = AutomaticBackups(ctx, self, self.backup_warning)
        content = QWidget(self)
        areas = QHBoxLayout()
        areas.addWidget(self.sidebar)
        areas.addWidget(self.stack, 1)
        layout = QVBoxLayout(content)
        layout.addWidget(self.no_accounts)
        layout.addWidget(self.backup_warning)
        layout.addLayout(areas, 1)
        self.pages.addWidget(content)
        self.pages.setCurrentWidget(content)
        self.pages.removeWidget(self.opening_page)
        self.opening_page.deleteLater()
        self.idle_lock = WindowLock(ctx, self, self.pages, content)
        self.idle_lock.someone_else.connect(lambda db: emit(self.reopened, db, ""))

        self.database_status = QLabel(self.tr("Database: {where}").format(where=ctx.database_label))
        self.people_status = QLabel()
        self.who_status = QLabel()
        self.who_status.setAccessibleName(self.tr("Signed in"))
        self.statusBar().addWidget(self.database_status, 1)
        self.statusBar().addPermanentWidget(self.who_status)
        self.statusBar().addPermanentWidget(self.people_status)
        self._build_menus()
        self.fonts.scaled.connect(lambda _points: self._fit_sidebar())

        ctx.changes.changed.connect(self._data_changed)
        self._show_who()
        self._load_settings()
        self._count_people()
        self.sidebar.setCurrentRow(0)

    def show_area(self, row: int) -> None:
        if not 0 <= row < len(self.areas):
            return
        screen = self._screen(row)
        self.sidebar.setCurrentRow(row)
        self.stack.setCurrentIndex(row)
        screen.activate()  # type: ignore[attr-defined]

    @overload
    def area(self, which: str) -> QWidget | None: ...
    @overload
    def area(self, which: type[W]) -> W | None: ...
    def area(self, which: str | type[W]) -> QWidget | W | None:
        """An area's screen, by key ("loans") or class, built now if it has not been shown
        yet; None when the signed-in user's role may not use it."""
        row = self.area_row(which)
        return None if row is None else self._screen(row)

    def area_row(self, which: str | type[QWidget]) -> int | None:
        """The area's row in the sidebar (Ctrl+row+1 goes there), without building it."""
        return next(
            (
                row
                for row, area in enumerate(self.areas)
                if (area.key == which if isinstance(which, str) else area.is_kind(which))
            ),
            None,
        )

    @property
    def screens(self) -> list[QWidget]:
        """Every listed area's screen, building any not yet shown: for code written before
        areas were built on first visit. Prefer `area()`, which builds only the one asked for."""
        return [self._screen(row) for row in range(len(self.areas))]

    def show_screen(self, screen: QWidget) -> None:
        self.show_area(self._built.index(screen))

    def add_first_admin(self) -> None:
        """The banner's button: Admin ▸ Users, adding the first account (an admin)."""
        admin: Any = self.area("admin")
        if admin is not None:
            self.show_screen(admin)
            admin.show_tab(admin.users)
            admin.users.add_user()

    def change_password(self) -> ChangePasswordDialog:
        from ncdesk.ui.access.password_dialog import ChangePasswordDialog  # seldom used

        dialog = ChangePasswordDialog(self._ctx, self)
        dialog.succeeded.connect(
            lambda _r: self.statusBar().showMessage(self.tr("Your password is changed."), 10_000)
        )
        dialog.open()
        return dialog

    def lock_now(self) -> None:
        self.idle_lock.lock()

    def show_note(self, text: str) -> QMessageBox:
        """Something the user must read once the window is up (after encrypting)."""
        box = QMessageBox(self)
        box.setWindowTitle("ncdesk")
        box.setIcon(QMessageBox.Icon.Information)
        box.setText(text)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box

    def open_settings(self) -> SettingsDialog:
        from ncdesk.ui.admin.settings_dialog import SettingsDialog  # seldom used

        dialog = SettingsDialog(self._ctx, self.settings, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def open_import(self) -> ImportWizard:
        from ncdesk.ui.imports.import_wizard import ImportWizard  # loaded when first asked for

        wizard = ImportWizard(self._ctx, self)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.open()
        return wizard

    def open_template(self) -> TemplateDialog:
        from ncdesk.ui.imports.template_dialog import TemplateDialog

        dialog = TemplateDialog(self._ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def show_about(self) -> QMessageBox:
        box = QMessageBox(self)
        box.setWindowTitle(self.tr("About ncdesk"))
        box.setIconPixmap(self.windowIcon().pixmap(48, 48))
        box.setText(f"<b>ncdesk {__version__}</b>")
        box.setInformativeText(
            self.tr(
                "Desk software for small community groups: drop-ins, timebanks and "
                "equipment loans.<br><br>Database: {where}"
            ).format(where=self._ctx.database_label)
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box

    def close_without_backup(self) -> None:
        """Close for a new window on the same file (reopened, perhaps after a restore that
        closed the database under this one): no closing backup."""
        self.backups.stop()
        self.close()

    @override
    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._attached:  # closed while its database was being opened
            super().closeEvent(event)
            emit(self.closed_unopened)
            return
        if self.backups.wants_closing_backup():
            event.ignore()  # closed again once the backup is made, or its failure read
            self.backups.back_up_before_closing(self.close)
            return
        if self.backups.note is not None:
            event.ignore()  # asked to close again while the closing backup runs
            return
        self.backups.stop()
        self.idle_lock.stop()
        # Finish any save in flight before the database is closed behind it.
        self._ctx.tasks.wait_for_done(10_000)
        super().closeEvent(event)

    # --- inside -----------------------------------------------------------------------------

    def _build_menus(self) -> None:
        menu = self.menuBar()
        file_menu = menu.addMenu(self.tr("&File"))
        self.password_action = self._action(
            file_menu, self.tr("Change your &password…"), self.change_password, []
        )
        self.lock_action = self._action(file_menu, self.tr("&Lock now"), self.lock_now, ["Ctrl+L"])
        file_menu.addSeparator()
        # Imports are for coordinators and admins (the import service's own guard says so).
        self.import_menu = file_menu.addMenu(self.tr("&Import"))
        self.import_action = self._action(
            self.import_menu, self.tr("&Import a file…"), self.open_import, ["Ctrl+I"]
        )
        self.template_action = self._action(
            self.import_menu, self.tr("Blank &template…"), self.open_template, []
        )
        may_import = self._may("ncdesk.core.io.importing:run_import")
        self.import_menu.menuAction().setVisible(may_import)
        for action in (self.import_action, self.template_action):
            action.setEnabled(may_import)
        file_menu.addSeparator()
        self.settings_action = self._action(
            file_menu, self.tr("&Settings…"), self.open_settings, ["Ctrl+,"]
        )
        file_menu.addSeparator()
        self._action(file_menu, self.tr("&Quit"), self.close, [QKeySequence.StandardKey.Quit])

        view_menu = menu.addMenu(self.tr("&View"))
        self._action(
            view_menu,
            self.tr("&Larger text"),
            self.fonts.grow,
            [QKeySequence.StandardKey.ZoomIn, "Ctrl+="],
        )
        self._action(
            view_menu,
            self.tr("&Smaller text"),
            self.fonts.shrink,
            [QKeySequence.StandardKey.ZoomOut],
        )
        self._action(view_menu, self.tr("&Normal text size"), self.fonts.reset, ["Ctrl+0"])

        go_menu = menu.addMenu(self.tr("&Go"))
        for row, area in enumerate(self.areas[:9]):
            self._action(
                go_menu,
                _area_title(area),
                partial(self.show_area, row),
                [f"Ctrl+{row + 1}"],
            )

        help_menu = menu.addMenu(self.tr("&Help"))
        self._action(help_menu, self.tr("&About ncdesk"), self.show_about, [])

    def _action(
        self,
        menu: QMenu,
        text: str,
        slot: Callable[[], object],
        keys: list[QKeySequence.StandardKey | str],
    ) -> QAction:
        action = QAction(text, self)
        sequences: list[QKeySequence] = []
        for key in keys:
            sequences += (
                QKeySequence.keyBindings(key)
                if isinstance(key, QKeySequence.StandardKey)
                else [QKeySequence(key)]
            )
        action.setShortcuts(sequences)
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        return action

    def _screen(self, row: int) -> QWidget:
        """The row's screen, built in place of its empty page the first time it is asked for."""
        screen = self._built[row]
        if screen is None:
            screen = self.areas[row].make(self._ctx, self.stack)
            placeholder = self.stack.widget(row)
            assert placeholder is not None
            self.stack.insertWidget(row, screen)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
            self._built[row] = screen
            reopened = getattr(screen, "reopened", None)  # Admin: encrypting, restoring
            if reopened is not None:
                reopened.connect(lambda db, note: emit(self.reopened, db, note))
            self._menu_letters_last()
        return screen

    def _menu_letters_last(self) -> None:
        """Qt gives an Alt+letter claimed twice to whichever claimed it first, and a screen's
        own letters (Alt+F for Find, Alt+G for Grants) have always beaten the menu bar's (File,
        Go): put back in the bar, the menus claim theirs again, after the new screen."""
        bar = self.menuBar()
        menus = bar.actions()
        for menu in menus:
            bar.removeAction(menu)
        bar.addActions(menus)

    def _fit_sidebar(self) -> None:
        widest = max(
            (
                self.sidebar.fontMetrics().horizontalAdvance(self.sidebar.item(i).text())
                for i in range(self.sidebar.count())
            ),
            default=80,
        )
        self.sidebar.setFixedWidth(max(widest + 48, self.fontMetrics().averageCharWidth() * 16))

    def _may(self, service: str) -> bool:
        """Whether the signed-in role may use the service named "module:function"."""
        from ncdesk.ui.common.permissions import allowed_by_name

        return allowed_by_name(self._ctx.db, service)

    @property
    def settings_read(self) -> bool:
        """Whether the organisation's settings (idle minutes, name) have arrived from the
        runner; until then the window runs on defaults."""
        return self._settings_read

    def _load_settings(self) -> None:
        from ncdesk.core.services.settings import get_settings

        db = self._ctx.db
        self._ctx.tasks.run_query(lambda: get_settings(db), self._show_settings)

    def _show_settings(self, settings: OrgSettings) -> None:
        self.settings = settings
        self._settings_read = True
        self.idle_lock.set_minutes(settings.idle_lock_minutes)
        self.backups.settings = settings
        self._show_who()

    def _show_who(self) -> None:
        """Title, status bar, banner and menu items for whoever is signed in (or nobody)."""
        db, title = self._ctx.db, "ncdesk"
        if self._settings_read:
            title += f" — {self.settings.organisation_name}"
        user = db.user
        if user is not None:
            title += f" — {user.name or user.login} ({role_name(user.role).lower()})"
            self.who_status.setText(signed_in_as(user))
        else:
            self.who_status.setText(self.tr("Nobody signs in here yet"))
        self.setWindowTitle(title)
        self.no_accounts.setVisible(not db.accounts)
        for action in (self.password_action, self.lock_action):
            action.setVisible(user is not None)
            action.setEnabled(
                user is not None and self._may("ncdesk.core.security.accounts:change_own_password")
            )
        may_set = self._may("ncdesk.core.services.settings:save_settings")
        self.settings_action.setVisible(may_set)
        self.settings_action.setEnabled(may_set)

    def _count_people(self) -> None:
        from ncdesk.core.services.people import count_people

        db = self._ctx.db
        self._ctx.tasks.run_query(lambda: count_people(db), self._show_count)

    def _show_count(self, count: int) -> None:
        from ncdesk.ui.people.people_table import count_of_people

        self.people_status.setText(count_of_people(count))

    def _data_changed(self, area: str) -> None:
        if area == SETTINGS:
            self._load_settings()
        elif area == ACCOUNTS:
            self._show_who()
        elif area == PEOPLE:
            self._count_people()


def _area_title(area: Area) -> str:
    return QCoreApplication.translate("MainWindow", area.title)
