"""The web master's warm-up before it forks its workers (gunicorn.conf.py, ``preload_app``)."""

from django.template import engines
from django.template.backends.django import DjangoTemplates
from django.template.loaders.cached import Loader as CachedLoader

from sustain.warmup import TEMPLATES, warm_up


def test_warm_up_compiles_the_page_templates_without_touching_the_database():
    # No django_db mark: any query raises, and a connection opened in the master would be one
    # socket shared by every forked worker.
    compiled = warm_up()
    assert 40 <= compiled <= len(list(TEMPLATES.rglob("*.html")))
    backend = engines["django"]
    assert isinstance(backend, DjangoTemplates)
    loader = backend.engine.template_loaders[0]
    assert isinstance(loader, CachedLoader)
    assert "sustain/map/head.html" in {key.split("-")[0] for key in loader.get_template_cache}
