"""The same `ncdesk` runner as the CLI tests, without their path-to-server rewriting: these
tests name each database, a file or a server URL, themselves."""

from __future__ import annotations

import pytest

from ncdesk.cli import main
from tests.cli.conftest import Result


@pytest.fixture
def ncdesk(capsys: pytest.CaptureFixture[str]):
    def run(*args: object) -> Result:
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        assert "Traceback" not in captured.err
        return Result(code, captured.out, captured.err)

    return run
