"""The Reports area: grant returns on screen and on paper, the records behind each figure, the
returns already produced, and the grants they are for."""
