# Two commands set up a fresh machine: `make run` and `make test` (see README).
.PHONY: run test lint bench bench-large clean-venv dist dist-test

run:
	@scripts/bootstrap.sh
	.venv/bin/ncdesk --demo

test:
	@scripts/bootstrap.sh
	.venv/bin/ruff check .
	.venv/bin/mypy ncdesk
	QT_QPA_PLATFORM=$${QT_QPA_PLATFORM:-offscreen} .venv/bin/python -m pytest -q
	@echo "The core and window suites again, every database encrypted with SQLCipher:"
	QT_QPA_PLATFORM=$${QT_QPA_PLATFORM:-offscreen} .venv/bin/python -m pytest -q --encrypted tests/core tests/ui
	@echo "The core and command-line suites again, every database on a throwaway PostgreSQL server:"
	QT_QPA_PLATFORM=$${QT_QPA_PLATFORM:-offscreen} .venv/bin/python -m pytest -q --postgres tests/core tests/cli

lint:
	@scripts/bootstrap.sh
	.venv/bin/ruff check .
	.venv/bin/mypy ncdesk

bench:
	@scripts/bootstrap.sh
	QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest -q -s tests/bench -p no:cacheprovider -o addopts=""

clean-venv:
	rm -rf .venv

# The one-folder program the installers are made from (docs/install.md): dist/ncdesk/.
dist:
	@scripts/bootstrap.sh dist
	.venv/bin/pyinstaller --noconfirm --log-level WARN --workpath build/pyinstaller --distpath dist installer/ncdesk.spec
	@du -sh dist/ncdesk

# The built program checked outside the virtualenv, as a volunteer's PC runs it; then the
# Linux tarball, installed, run and uninstalled for a throw-away user. The release workflow
# does the same on Windows, macOS and Linux.
dist-test: dist
	env -i PATH=/usr/bin:/bin python3 installer/smoke_test.py dist/ncdesk
	env -i PATH=/usr/bin:/bin python3 installer/linux/make_tarball.py dist/ncdesk dist
	installer/linux/check_install.sh "$$(ls -t dist/ncdesk-*-linux-*.tar.gz | head -1)"
