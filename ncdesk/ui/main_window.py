"""The main window: wires the area screens together and nothing more.

Areas are listed in a sidebar (Ctrl+1, Ctrl+2… jump to them); only areas that exist are shown.
The title carries the organisation's name and the status bar says which database is open.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QWidget,
)
from typing_extensions import override

from ncdesk import __version__
from ncdesk.core.services.people import list_people
from ncdesk.core.services.settings import OrgSettings, get_settings
from ncdesk.ui.admin.settings_dialog import SettingsDialog
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.font_size import FontScaler
from ncdesk.ui.common.tasks import PEOPLE, SETTINGS
from ncdesk.ui.dropin.dropin_screen import DropInScreen
from ncdesk.ui.loans.loans_screen import LoansScreen
from ncdesk.ui.people.people_screen import PeopleScreen
from ncdesk.ui.people.people_table import count_of_people
from ncdesk.ui.reports.reports_screen import ReportsScreen
from ncdesk.ui.timebank.timebank_screen import TimebankScreen


class AreaScreen(Protocol):
    """What the main window needs from each area's screen."""

    @property
    def title(self) -> str: ...

    def activate(self) -> None: ...


# The areas in sidebar order. A new area adds its screen here, once it does something.
AREA_SCREENS: list[Callable[[DeskContext, QWidget], QWidget]] = [
    PeopleScreen,
    DropInScreen,
    TimebankScreen,
    LoansScreen,
    ReportsScreen,
]


class MainWindow(QMainWindow):
    """The window people work in, holding one screen per area."""

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self.settings = OrgSettings()
        self.fonts = FontScaler(self)
        self.setWindowTitle("ncdesk")

        self.sidebar = QListWidget(self)
        self.sidebar.setAccessibleName(self.tr("Areas"))
        self.sidebar.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.stack = QStackedWidget(self)
        self.screens: list[QWidget] = []
        for make in AREA_SCREENS:
            screen = make(ctx, self.stack)
            self.screens.append(screen)
            self.stack.addWidget(screen)
            self.sidebar.addItem(screen.title)  # type: ignore[attr-defined]
        self.sidebar.currentRowChanged.connect(self.show_area)
        self._fit_sidebar()

        central = QWidget(self)
        layout = QHBoxLayout(central)
        layout.addWidget(self.sidebar)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.database_status = QLabel(self.tr("Database: {where}").format(where=ctx.database_label))
        self.people_status = QLabel()
        self.statusBar().addWidget(self.database_status, 1)
        self.statusBar().addPermanentWidget(self.people_status)
        self._build_menus()
        self.fonts.scaled.connect(lambda _points: self._fit_sidebar())

        ctx.changes.changed.connect(self._data_changed)
        self._load_settings()
        self._count_people()
        self.resize(1200, 750)
        self.sidebar.setCurrentRow(0)

    def show_area(self, row: int) -> None:
        if not 0 <= row < len(self.screens):
            return
        self.sidebar.setCurrentRow(row)
        self.stack.setCurrentIndex(row)
        self.screens[row].activate()  # type: ignore[attr-defined]

    def open_settings(self) -> SettingsDialog:
        dialog = SettingsDialog(self._ctx, self.settings, self)
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

    @override
    def closeEvent(self, event: QCloseEvent) -> None:
        # Finish any save in flight before the database is closed behind it.
        self._ctx.tasks.wait_for_done(10_000)
        super().closeEvent(event)

    # --- inside -----------------------------------------------------------------------------

    def _build_menus(self) -> None:
        menu = self.menuBar()
        file_menu = menu.addMenu(self.tr("&File"))
        self._action(file_menu, self.tr("&Settings…"), self.open_settings, ["Ctrl+,"])
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
        for row, screen in enumerate(self.screens[:9]):
            self._action(
                go_menu,
                screen.title,  # type: ignore[attr-defined]
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

    def _fit_sidebar(self) -> None:
        widest = max(
            (
                self.sidebar.fontMetrics().horizontalAdvance(self.sidebar.item(i).text())
                for i in range(self.sidebar.count())
            ),
            default=80,
        )
        self.sidebar.setFixedWidth(max(widest + 48, self.fontMetrics().averageCharWidth() * 16))

    def _load_settings(self) -> None:
        db = self._ctx.db
        self._ctx.tasks.run_query(lambda: get_settings(db), self._show_settings)

    def _show_settings(self, settings: OrgSettings) -> None:
        self.settings = settings
        self.setWindowTitle(f"ncdesk — {settings.organisation_name}")

    def _count_people(self) -> None:
        db = self._ctx.db
        self._ctx.tasks.run_query(lambda: len(list_people(db)), self._show_count)

    def _show_count(self, count: int) -> None:
        self.people_status.setText(count_of_people(count))

    def _data_changed(self, area: str) -> None:
        if area == SETTINGS:
            self._load_settings()
        elif area == PEOPLE:
            self._count_people()
