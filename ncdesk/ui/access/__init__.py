"""Signing in, the idle lock and changing your own password: the window's side of DESIGN §9."""
