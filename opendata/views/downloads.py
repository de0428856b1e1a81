"""Scaffolding, replaced in this change: the open-data page and its files."""

from django.http import Http404


def index(request):
    raise Http404


def published_file(request, name):
    raise Http404
