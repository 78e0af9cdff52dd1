"""The command line: a thin typer shell over the stages."""

from graphbuild.cli.app import app

__all__ = ["app"]
