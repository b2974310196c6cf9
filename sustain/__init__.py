"""Sustain: solar and waste sustainability tracking for Thai local governments."""

from sustain.celery import app as celery_app

__all__ = ["celery_app"]
