"""The drop-in desk: today's session, follow-ups, activities and their sessions."""
