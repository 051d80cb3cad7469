"""Printed and exported documents: grant returns, sign-in sheets, statements, labels."""
