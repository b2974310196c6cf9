"""Load the fictional San Sai Ngam demo into an empty database."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sustain.demo import load as demo


class Command(BaseCommand):
    help = "Load the San Sai Ngam demo (fictional sites, real villages) into an empty database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing (and succeed) when the database already holds records.",
        )

    def handle(self, *args: Any, if_empty: bool = False, **options: Any) -> None:
        try:
            counts = demo.demo_load()
        except demo.DemoNotEmpty as exc:
            if if_empty:
                demo.demo_user_ensure()
                self.stdout.write("Database already holds records; demo not loaded again.")
                return
            raise CommandError(str(exc)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo loaded: {counts.villages} villages, {counts.installations} solar "
                f"installations, {counts.waste_points} waste points, {counts.collections} "
                f"collections, {counts.enterprises} enterprises ({counts.activities} activity "
                f"records), {counts.readings} meter readings, {counts.inspections} inspections and "
                f"{counts.work_orders} work orders. Solar estimates are queued for the Celery "
                "worker."
            )
        )
