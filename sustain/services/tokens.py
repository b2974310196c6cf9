"""API tokens: create (shown once), authenticate, revoke."""

import hashlib
import secrets

from django.contrib.auth.models import User
from django.utils import timezone

from sustain.models import ApiToken

TOKEN_PREFIX = "sst_"  # recognisable in logs and secret scanners


def _sha256(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def token_create(*, user: User, name: str = "") -> tuple[ApiToken, str]:
    """Create a token for ``user``; returns the row and the raw token, which is not stored."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, prefix=raw[:10], token_sha256=_sha256(raw)
    )
    return token, raw


def token_authenticate(*, raw: str) -> User | None:
    """The active user behind a raw token, or None for unknown, revoked or inactive."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_sha256=_sha256(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        # At most one write a minute per token: the API must not write on every read.
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def tokens_revoke(*, user: User, prefix: str = "") -> int:
    """Revoke the user's active tokens (those starting with ``prefix`` when given)."""
    tokens = ApiToken.objects.filter(user=user, revoked_at__isnull=True)
    if prefix:
        tokens = tokens.filter(prefix__startswith=prefix[:10])
    return tokens.update(revoked_at=timezone.now())
