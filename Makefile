# Two commands set up a fresh machine: `make run` and `make test` (see README).
.PHONY: run test lint bench bench-large clean-venv

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
