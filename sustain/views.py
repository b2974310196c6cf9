"""HTML pages."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from sustain.services import summary


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "sustain/home.html",
        {"summary": summary.public_summary(), "today": timezone.localdate()},
    )
