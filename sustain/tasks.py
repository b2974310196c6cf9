"""Celery tasks: thin shells that take ids and call one service."""

from dataclasses import asdict

from celery import shared_task

from sustain.services import places


@shared_task
def sites_assign_villages() -> dict[str, int]:
    return asdict(places.sites_assign_villages())
