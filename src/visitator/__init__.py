"""Visitator: case handling for Danish municipalities' social services."""

__version__ = "0.1.0"
