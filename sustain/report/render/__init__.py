"""The report's presentation: tables, text, charts, files and the memo (no database access)."""
