"""The Loans area: the equipment register, lending and returning, reservations, safety checks,
servicing, labels and fleet figures."""
