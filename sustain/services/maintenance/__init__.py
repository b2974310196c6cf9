"""Maintenance services: due lists, inspections, work orders, budget."""
