"""URL routes: the public home page, the staff admin and the language switch."""

from django.contrib import admin
from django.urls import include, path

from sustain import views

urlpatterns = [
    path("", views.home, name="home"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("staff/", admin.site.urls),
]
