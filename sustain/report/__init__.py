"""The annual sustainability report: figures read from the records, their rendering, its runs."""
