"""Scaffolding, replaced in this change: the DCAT-AP metadata."""

from django.http import Http404


def catalog(request, rdf_format):
    raise Http404
