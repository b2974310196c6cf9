"""WSGI entry point (gunicorn sustain.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sustain.settings")
application = get_wsgi_application()
