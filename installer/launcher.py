"""Entry point of the bundled app: the `factdesk` command (no command opens the window)."""

import sys

from desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
