"""`python -m liaison_desk`: the same as the `liaison-desk` command."""

import sys

from liaison_desk.cli import main

if __name__ == "__main__":
    sys.exit(main())
