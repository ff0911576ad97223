"""`roster COMMAND --help` explains every argument and option, defaults in words."""

from __future__ import annotations

import pytest
import typer
from typer.testing import CliRunner

from scheduler.cli import app

runner = CliRunner()
COMMANDS = typer.main.get_command(app).commands  # type: ignore[attr-defined]


def squash(text: str) -> str:
    return "".join(text.split())


def shown(help_text: str) -> str:
    r"""What the terminal shows of a help text: rich markup escapes (\[) lose the backslash."""
    return help_text.replace("\\[", "[")


def parameters():
    for name, command in COMMANDS.items():
        for param in command.params:
            if param.name != "help":
                yield pytest.param(name, param, id=f"{name}-{param.name}")


@pytest.mark.parametrize(("command", "param"), list(parameters()))
def test_every_argument_and_option_is_explained_in_full(command: str, param):  # noqa: ANN001
    """Each parameter has help text, and --help shows all of it: brackets such as
    '[solver]' are not swallowed as markup (they once left '(default: team.toml )')."""
    assert param.help and len(param.help) > 8, f"{command} {param.name} has no help"
    result = runner.invoke(app, [command, "--help"], env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    assert squash(shown(param.help)) in squash(result.output)


@pytest.mark.parametrize(("command", "param"), list(parameters()))
def test_defaults_are_said_in_words(command: str, param):  # noqa: ANN001
    """An option that does something unless told otherwise says what, in its own words:
    'default: the team's [solver] time_limit_s', not '[default: calendars]'."""
    if param.param_type_name != "option" or param.required:
        return
    if param.default in (None, False, [], ()):  # off unless given; the help says what it does
        return
    assert not param.show_default, f"--{param.name}: say the default in the help text"
    assert "default" in param.help, f"--{param.name}: the help must name its default"


def test_time_limit_names_where_its_default_comes_from():
    result = runner.invoke(app, ["solve", "--help"], env={"COLUMNS": "250"})
    text = " ".join(result.output.split())
    assert "default: the team's [solver] time_limit_s in team.toml" in text
    assert "team.toml )" not in text


@pytest.mark.parametrize("command", list(COMMANDS))
def test_help_shows_no_raw_default_of_a_switch(command: str):
    result = runner.invoke(app, [command, "--help"], env={"COLUMNS": "250"})
    for raw in ("[default: calendars]", "[default: zip]", "[default: no-skip-bad-rows]",
                "[default: None]"):
        assert raw not in result.output
