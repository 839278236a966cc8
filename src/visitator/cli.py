"""The `visitator` console command: Django's management commands with our settings.

visitator migrate
visitator standard check standards/vesthimmerland/sel-104/*.yaml
visitator standard show --on 2026-01-01
visitator demo
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "visitator.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["visitator", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
