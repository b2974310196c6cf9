"""Pure calculation modules: no Django, no records, no services (units in names)."""
