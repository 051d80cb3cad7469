"""A progress bar with its step's name and a Stop button, for the wizard's long steps."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget


class ProgressRow(QWidget):
    """Shown while work runs; `stop` asks it to stop (the work rolls back)."""

    def __init__(self, stop_text: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.step = QLabel(self)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 0)
        self.stop = QPushButton(stop_text, self)
        self.stop.setAutoDefault(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.step)
        layout.addWidget(self.bar, 1)
        layout.addWidget(self.stop)
        self.hide()

    def start(self) -> None:
        self.bar.setRange(0, 0)
        self.step.clear()
        self.stop.setEnabled(True)
        self.show()

    def show_step(self, step: str, done: int, total: int) -> None:
        self.step.setText(step)
        self.bar.setRange(0, max(total, 0))
        self.bar.setValue(min(done, total))

    def finish(self) -> None:
        self.hide()
