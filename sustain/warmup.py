"""What a new web worker would otherwise do on its first requests, done once before it is forked.

Gunicorn (``preload_app``) imports Django in its master and forks each worker from it; a worker
replaced after ``max_requests`` then starts with what the master holds. ``warm_up()`` fills what
Django builds lazily: the URL resolver, the translation catalogues of every language and the
compiled templates (the cached template loader). It touches no database and no cache, so no
connection exists before the fork to be shared by the workers.
"""

from pathlib import Path

from django.conf import settings
from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines
from django.urls import get_resolver
from django.utils import translation

TEMPLATES = Path(__file__).resolve().parent / "templates"


def warm_up() -> int:
    """Build the lazy parts of Django in this process; returns how many templates were compiled."""
    get_resolver().resolve("/")
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Sustain")
    compiled = 0
    engine = engines["django"]
    for path in sorted(TEMPLATES.rglob("*.html")):
        name = path.relative_to(TEMPLATES).as_posix()
        try:
            engine.get_template(name)
        except (TemplateDoesNotExist, TemplateSyntaxError):  # a fragment meant for {% include %}
            continue
        compiled += 1
    return compiled
