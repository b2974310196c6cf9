"""Waste services: collections and waste-bank sessions."""
