"""Keyset (cursor) pagination: the next page continues after the last row's ordering key, so pages
stay stable while rows are added, and the database seeks in an index instead of counting an offset."""

from __future__ import annotations

from rest_framework.pagination import CursorPagination


class KeysetPagination(CursorPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    cursor_query_param = "cursor"
    #: Each view sets its own `ordering` (a unique, unchanging column where the model has one).
    ordering = "-id"
