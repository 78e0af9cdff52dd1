"""``python -m graphbuild.cli``: the command line."""

import sys

from graphbuild.cli.app import app

sys.exit(app())
