"""Entry point of the frozen build: the same as the `liaison-desk` command."""

import sys

from liaison_desk.cli import main

if __name__ == "__main__":
    sys.exit(main())
