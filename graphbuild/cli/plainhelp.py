"""Help text as typer and rich render it elsewhere.

The typer installed here writes each parameter's Python type in ``--help``:
``--strict <bool>``, ``--out <path>``, ``build [OPTIONS] {inputs}...``,
``inputs... <list[str]>``. The commands here show the usual style instead:
a flag is only its names (``--strict --no-strict``), a value option its
click metavar (``--out PATH``, ``--workers INTEGER RANGE``), an argument
its upper-case name in the usage line (``build [OPTIONS] INPUTS...``) and
its value's type in the table (``TEXT``, ``PATH``). Names, help sentences,
defaults and error messages are typer's, unchanged.

``PlainCommand`` and ``PlainGroup`` give their parameters (the help
option's too) the classes below when help is rendered or parsed.
"""

from __future__ import annotations

import typer.core

# click's names for the types of values.
_NAMES = {str: "TEXT", int: "INTEGER", float: "FLOAT", bool: "BOOLEAN"}


def _type_name(param) -> str:
    """click's metavar for one value of ``param``: TEXT, PATH, INTEGER RANGE, [a|b]."""
    desc = param.type_descriptor
    if desc.is_choice:
        return "[" + "|".join(str(getattr(c, "value", c)) for c in desc.choices or ()) + "]"
    if desc.is_path:
        return "PATH"
    if desc.is_datetime:
        formats = desc.parameter_info.formats
        return "[" + "|".join(formats) + "]" if formats else "DATETIME"
    annotation = desc.annotation
    if desc.is_list or desc.is_tuple:
        args = getattr(annotation, "__args__", ()) or (str,)
        annotation = args[0]
    name = _NAMES.get(annotation, getattr(annotation, "__name__", str(annotation)).upper())
    return f"{name} RANGE" if desc.is_ranged else name


class PlainOption(typer.core.TyperOption):
    def display_type_rich(self, ctx) -> str | None:
        if self.is_flag or self.count:
            return None
        if self.metavar is not None:
            return self.metavar
        return _type_name(self)


class PlainArgument(typer.core.TyperArgument):
    def display_type_rich(self, ctx) -> str | None:
        return _type_name(self)

    def _usage_display_name(self) -> str:
        name = self.metavar or self.name.upper()
        if not self.required:
            name = f"[{name}]"
        return name + "..." if self.nargs != 1 else name


_PLAIN = {typer.core.TyperOption: PlainOption, typer.core.TyperArgument: PlainArgument}


def _plain(params: list) -> list:
    for param in params:
        plain = _PLAIN.get(type(param))
        if plain is not None:
            param.__class__ = plain
    return params


class PlainCommand(typer.core.TyperCommand):
    def get_params(self, ctx):
        return _plain(super().get_params(ctx))


class PlainGroup(typer.core.TyperGroup):
    def get_params(self, ctx):
        return _plain(super().get_params(ctx))
