"""The `visitator` console command: Django's management commands with our settings.

visitator migrate
visitator standard check standards/vesthimmerland/sel-104/*.yaml
visitator standard show --on 2026-01-01
visitator demo

The settings refuse to start without SECRET_KEY unless VISITATOR_DEV=1 (production must not run on
a guessable key). The key signs sessions, CSRF tokens and password-reset links: only the web server
uses it. The commands in KEYLESS_COMMANDS sign nothing, so they run without one (a random key for
that one process), and `visitator standard check ...` works exactly as the README prints it. Every
other command still needs SECRET_KEY or VISITATOR_DEV=1, so that e.g. `visitator migrate` run by
mistake without the production environment fails instead of migrating the embedded database.
"""

from __future__ import annotations

import os
import secrets
import sys

#: Commands that never sign anything: the quality standards (check, load, show), help and version.
KEYLESS_COMMANDS = frozenset({"standard", "help", "version", "--help", "-h", "--version"})


def _needs_no_key(args: list[str]) -> bool:
    command = args[0] if args else "help"
    return command in KEYLESS_COMMANDS


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "visitator.settings")
    if not os.environ.get("SECRET_KEY") and _needs_no_key(args):
        os.environ["SECRET_KEY"] = secrets.token_urlsafe(50)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["visitator", *args])


if __name__ == "__main__":
    main()
