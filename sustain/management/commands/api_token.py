"""Print a new API bearer token for a user, or list and revoke a user's tokens."""

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from sustain.models import ApiToken
from sustain.services import tokens


class Command(BaseCommand):
    help = "Print a new bearer token for USERNAME (shown once). --list and --revoke manage them."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--name", default="", help="What the token is for, e.g. 'inverter logger'."
        )
        parser.add_argument("--list", action="store_true", help="List the user's tokens.")
        parser.add_argument(
            "--revoke",
            metavar="PREFIX",
            nargs="?",
            const="",
            help="Revoke the token starting with PREFIX, or all the user's tokens without one.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user_model = get_user_model()
        try:
            user = user_model.objects.get(username=options["username"])
        except user_model.DoesNotExist:
            raise CommandError(f"No user named {options['username']!r}.") from None
        if options["list"]:
            for token in ApiToken.objects.filter(user=user):
                state = f"revoked {token.revoked_at:%Y-%m-%d}" if token.revoked_at else "active"
                self.stdout.write(f"{token.prefix}…  {token.name or '-'}  {state}")
            return
        if options["revoke"] is not None:
            revoked = tokens.tokens_revoke(user=user, prefix=options["revoke"])
            if not revoked:
                raise CommandError("No active token matched; nothing was revoked.")
            self.stdout.write(f"Revoked {revoked} token(s).")
            return
        if not user.is_active:
            raise CommandError(f"User {user.get_username()!r} is inactive.")
        _token, raw = tokens.token_create(user=user, name=options["name"])
        self.stdout.write(raw)
