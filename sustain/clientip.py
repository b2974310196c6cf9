"""The client's address, the one every rate limit and the sign-in lockout count by.

``X-Forwarded-For`` is anyone's to write: it is read only when ``TRUSTED_PROXY_COUNT`` says how
many proxies of ours stand in front (each appends the address it saw), and then only the entry
our outermost proxy wrote. By default the socket's address is the client.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    remote = request.META.get("REMOTE_ADDR", "") or ""
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies <= 0 or not forwarded:
        return remote
    addresses = [part.strip() for part in forwarded.split(",") if part.strip()]
    if not addresses:
        return remote
    candidate = addresses[-min(proxies, len(addresses))]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:  # not an address: our proxy did not write it
        return remote
