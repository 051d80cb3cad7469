"""Screenshots of each step of the import wizard and of the blank-template dialog, for
docs/import.md, from a new database and made-up registers (all synthetic).

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.ui.imports.make_screenshots [OUT_DIR]

Writes import-1-file.png, import-2-mapping.png, import-3-problems.png, import-3-checked.png,
import-4-importing.png, import-5-summary.png and import-template.png to docs/screenshots.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from ncdesk.core.db import open_database
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.tasks import TaskRunner
from ncdesk.ui.imports.import_wizard import ImportWizard
from ncdesk.ui.imports.template_dialog import TemplateDialog
from tests.ui.timebank.make_screenshots import settle

DOCS = Path(__file__).resolve().parents[3] / "docs" / "screenshots"
HEADERS = "Ref No,Forename,Surname,D.O.B.,Sex,Post Code,Tel,E-mail,Disabled,Consent,Shoe size\n"
ROWS = (
    "T001,Ada,Lovelace,10/12/1935,F,cb75ab,07700 900001,ada@example.org,N,Y,5\n"
    "T002,Bert,Smith,2 Jan 1940,M,PE16 1AA,,,Y,N,9\n"
    "T003,Zoë,Brontë,03/04/1951,F,,07700 900003,,N,Y,8\n"
)
ERRORS = (
    "T004,Dora,Dean,31/02/1950,F,,,,N,Y,4\n"
    "T005,,,1950-01-01,F,,,,N,Y,6\n"
    "T006,Eve,Ellis,1950-01-01,wizard,,,,maybe,Y,5\n"
)


def wait(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def shoot(widget: QWidget, out: Path, name: str) -> None:
    widget.grab().save(str(out / name))
    print(out / name)


def main(out: Path) -> None:
    app = QApplication.instance() or QApplication(sys.argv)
    assert app is not None
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        db = open_database(work / "desk.db")
        tasks = TaskRunner()
        ctx = DeskContext(db, tasks)
        bad = work / "Soham register.csv"
        bad.write_text(HEADERS + ROWS + ERRORS, encoding="cp1252")
        wizard = ImportWizard(ctx)
        wizard.show()
        wizard.file_page.path.setText(str(bad))
        wizard.file_page.read_file()
        settle(tasks)
        shoot(wizard, out, "import-1-file.png")
        wizard.next()
        settle(tasks)
        shoot(wizard, out, "import-2-mapping.png")
        wizard.next()
        settle(tasks, 500)
        shoot(wizard, out, "import-3-problems.png")

        # The same file put right, and a long one to catch the import running.
        good = work / "Soham register.csv"
        many = "".join(f"B{i:05d},Made,Up{i % 97},01/01/1950,F,,,,N,Y,5\n" for i in range(20_000))
        good.write_text(HEADERS + ROWS + many, encoding="cp1252")
        wizard.check_page.check()
        while wizard.check_page._handle is not None:
            wait(200)
        settle(tasks)
        shoot(wizard, out, "import-3-checked.png")
        wizard.next()
        for _ in range(200):  # until the writing has started
            wait(100)
            if "Writing" in wizard.run_page.progress.step.text():
                break
        wait(400)
        shoot(wizard, out, "import-4-importing.png")
        while wizard.currentPage() is not wizard.summary_page:
            wait(200)
        settle(tasks)
        shoot(wizard, out, "import-5-summary.png")
        wizard.close()

        dialog = TemplateDialog(ctx)
        dialog.show()
        settle(tasks)
        shoot(dialog, out, "import-template.png")
        dialog.close()
        tasks.wait_for_done()
        tasks.shutdown()
        db.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DOCS)
