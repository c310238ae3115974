"""Bringing documents in: reading files and URLs, splitting text into passages."""
