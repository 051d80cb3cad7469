"""`python -m ncdesk` runs the command-line interface."""

from ncdesk.cli import main

raise SystemExit(main())
