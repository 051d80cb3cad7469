"""The Timebank area: ledger, batch entry, members, matching and inactive members."""
