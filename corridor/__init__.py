"""Corridor: an open platform for cross-border talent cooperation."""
