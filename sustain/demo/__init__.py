"""The San Sai Ngam demo: its loader (for the demo_load command) and its report targets."""
