"""Step 2: the file's headers beside ours, with a few of its values, each read as one of our
columns or left out. Guesses (or the mapping remembered for files of this shape) are filled
in; a combo box changes any of them; columns that will be left out are named.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)
from typing_extensions import override

from ncdesk.core.io.import_preview import first_mapping
from ncdesk.core.io.importing import IMPORTERS
from ncdesk.core.services.import_mappings import SavedMapping, delete_preset, save_preset
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.messages import confirm
from ncdesk.ui.imports.plan import ImportPlan
from ncdesk.ui.imports.words import leave_out, tr

WARNING = "\N{WARNING SIGN}"
GUESSED, REMEMBERED = "", "\0remembered"  # the offers' data beside preset names


class MappingPage(QWizardPage):
    """Their headers, a sample of values under each, and what each is read as."""

    def __init__(self, ctx: DeskContext, plan: ImportPlan, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx, self._plan = ctx, plan
        self.setTitle(tr("Match the columns"))
        self.setSubTitle(
            tr("Each of your columns is read as one of ncdesk's, or left out. Check the guesses.")
        )
        self.offers = QComboBox(self)
        self.offers.setAccessibleName(tr("Mapping to start from"))
        offers_label = QLabel(tr("&Start from:"), self)
        offers_label.setBuddy(self.offers)
        self.save = QPushButton(tr("Sa&ve as…"), self)
        self.save.setAutoDefault(False)
        self.save.setToolTip(tr("Keep this mapping under a name, to use for other files"))
        self.forget = QPushButton(tr("&Delete saved"), self)
        self.forget.setAutoDefault(False)
        self.forget.setToolTip(tr("Forget the saved mapping chosen above"))
        top = QHBoxLayout()
        top.addWidget(offers_label)
        top.addWidget(self.offers, 1)
        top.addWidget(self.save)
        top.addWidget(self.forget)

        self.grid_holder = QWidget(self)
        self.grid = QGridLayout(self.grid_holder)
        self.grid.setColumnStretch(1, 1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.grid_holder)
        self.warnings = QLabel(self)
        self.warnings.setWordWrap(True)
        self.warnings.setTextFormat(Qt.TextFormat.PlainText)
        self.warnings.setAccessibleName(tr("Warnings about the mapping"))
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.warnings)
        self.combos: dict[str, QComboBox] = {}
        self._offered: object = GUESSED

        self.offers.activated.connect(lambda _i: self._start_from(self.offers.currentData()))
        self.save.clicked.connect(self.ask_preset_name)
        self.forget.clicked.connect(self.ask_forget)

    @override
    def initializePage(self) -> None:
        plan = self._plan
        self.offers.clear()
        self.offers.addItem(tr("ncdesk's guesses from the headers"), GUESSED)
        if plan.remembered is not None:
            self.offers.addItem(tr("How files with these columns were read last time"), REMEMBERED)
        for preset in plan.presets:
            self.offers.addItem(tr("Saved: {name}").format(name=preset.name), preset.name)
        if plan.mapping is None or plan.mapping.kind != plan.kind:
            self._start_from(REMEMBERED if plan.remembered is not None else GUESSED)
            self.offers.setCurrentIndex(self.offers.findData(self._offered))
        else:
            self._build()

    @override
    def isComplete(self) -> bool:
        mapping = self._plan.mapping
        return mapping is not None and not mapping.missing(IMPORTERS[self._plan.kind].required)

    def combo_for(self, header: str) -> QComboBox:
        return self.combos[header]

    def ask_preset_name(self) -> QInputDialog:
        dialog = QInputDialog(self)
        dialog.setWindowTitle(tr("Save the mapping"))
        dialog.setLabelText(tr("Name for this mapping (e.g. the file it is for):"))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.textValueSelected.connect(self._save_preset)
        dialog.open()
        return dialog

    def ask_forget(self) -> QMessageBox | None:
        """Delete the saved mapping on offer, once the user says yes (Cancel is the default)."""
        name = self._offered
        if not isinstance(name, str) or name in (GUESSED, REMEMBERED):
            return None
        return confirm(
            self,
            tr("Forget the saved mapping “{name}”?").format(name=name),
            tr("Delete"),
            lambda: self._forget(name),
            details=tr("Nothing imported with it changes."),
        )

    # --- inside -----------------------------------------------------------------------------

    def _forget(self, name: str) -> None:
        db, kind = self._ctx.db, self._plan.kind
        self._ctx.tasks.run_operation(
            lambda: delete_preset(db, kind, name), lambda _none: self._forgotten(name)
        )

    def _forgotten(self, name: str) -> None:
        plan = self._plan
        plan.presets = [p for p in plan.presets if p.name != name]
        self.offers.removeItem(self.offers.findData(name))
        if self._offered == name:  # what was read stays as it is on screen
            self._offered = GUESSED
        self.offers.setCurrentIndex(self.offers.findData(self._offered))
        self._update_forget()

    def _update_forget(self) -> None:
        self.forget.setEnabled(self._offered not in (GUESSED, REMEMBERED))

    def _start_from(self, offer: object) -> None:
        plan = self._plan
        assert plan.preview is not None
        self._offered = offer
        self._update_forget()
        saved: dict[str, str] | None = None
        if offer == REMEMBERED and plan.remembered is not None:
            saved = plan.remembered.columns
        elif offer != GUESSED:
            saved = next((p.columns for p in plan.presets if p.name == offer), None)
        plan.mapping = first_mapping(plan.kind, plan.preview.headers, saved)
        self._build()

    def _build(self) -> None:
        """One row per header of the file: its name, sample values, and a combo box."""
        plan = self._plan
        mapping = plan.mapping
        assert mapping is not None and plan.preview is not None
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item is not None and (widget := item.widget()) is not None:
                widget.deleteLater()
        self.combos.clear()
        for column, text in enumerate((tr("Your column"), tr("Sample values"), tr("Read as"))):
            heading = QLabel(f"<b>{text}</b>", self.grid_holder)
            self.grid.addWidget(heading, 0, column)
        importer = IMPORTERS[plan.kind]
        previous: QWidget = self.save
        for row, header in enumerate(plan.preview.headers, start=1):
            # A header is shown as written ("Name & address"): & would mark a shortcut key.
            name = QLabel(header.replace("&", "&&"), self.grid_holder)
            samples = QLabel(" · ".join(plan.preview.samples.get(header, [])), self.grid_holder)
            for shown in (name, samples):  # the file's text, never read as HTML
                shown.setTextFormat(Qt.TextFormat.PlainText)
            combo = QComboBox(self.grid_holder)
            combo.addItem(leave_out(), None)
            for ours in importer.columns:
                label = ours + (tr(" (required)") if ours in importer.required else "")
                combo.addItem(label, ours)
            combo.setAccessibleName(tr("Read {header} as").format(header=header))
            name.setBuddy(combo)
            combo.setCurrentIndex(max(0, combo.findData(mapping.target_of(header))))
            combo.activated.connect(lambda _i, h=header, c=combo: self._chose(h, c))
            self.grid.addWidget(name, row, 0)
            self.grid.addWidget(samples, row, 1)
            self.grid.addWidget(combo, row, 2)
            self.setTabOrder(previous, combo)
            previous = combo
            self.combos[header] = combo
        for row in range(self.grid.rowCount()):
            self.grid.setRowStretch(row, 0)
        self.grid.setRowStretch(len(plan.preview.headers) + 1, 1)  # rows stay at the top
        self._warn()
        self.completeChanged.emit()

    def _chose(self, header: str, combo: QComboBox) -> None:
        plan = self._plan
        assert plan.mapping is not None
        target = combo.currentData()
        plan.mapping = plan.mapping.choose(header, target)
        for other, other_combo in self.combos.items():  # the header that had it is left out
            if other != header and other_combo.currentData() == target and target:
                other_combo.setCurrentIndex(0)
        self._warn()
        self.completeChanged.emit()

    def _warn(self) -> None:
        mapping = self._plan.mapping
        assert mapping is not None
        lines = []
        if missing := mapping.missing(IMPORTERS[self._plan.kind].required):
            lines.append(
                f"{WARNING} "
                + tr(
                    "Needed, and not read from any column: {columns}. Choose the column "
                    "that holds each."
                ).format(columns=", ".join(missing))
            )
        if left := [c.header for c in mapping.columns if c.target is None]:
            lines.append(
                f"{WARNING} "
                + tr(
                    "These columns will be left out (nothing in them is imported): {headers}."
                ).format(headers=", ".join(left))
            )
        self.warnings.setText("\n".join(lines))

    def _save_preset(self, name: str) -> None:
        mapping = self._plan.mapping
        if mapping is None or not name.strip():
            return
        db, kind, columns = self._ctx.db, self._plan.kind, mapping.as_saved()
        self._ctx.tasks.run_operation(lambda: save_preset(db, kind, name, columns), self._saved)

    def _saved(self, preset: SavedMapping) -> None:
        plan = self._plan
        plan.presets = [p for p in plan.presets if p.name != preset.name] + [preset]
        if self.offers.findData(preset.name) < 0:
            self.offers.addItem(tr("Saved: {name}").format(name=preset.name), preset.name)
        self.offers.setCurrentIndex(self.offers.findData(preset.name))
        self._offered = preset.name
        self._update_forget()
