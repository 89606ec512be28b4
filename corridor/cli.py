"""The ``corridor`` console command: the project's ``manage.py``.

``corridor migrate``, ``corridor runserver``, ``corridor loaddemo`` ... work once the
package is installed, from any directory.
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "corridor.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
