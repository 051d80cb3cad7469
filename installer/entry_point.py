"""The bundle's program: the same as `python -m ncdesk` (the window, or a command)."""

from ncdesk.cli import main

raise SystemExit(main())
