"""The pages, a module per area (the API is in sustain/api/)."""
