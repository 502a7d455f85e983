"""The ``advolint`` command line.

Exit codes: 0 nothing at or above ``--fail-on``; 1 violations at or above
it; 2 a usage, policy or input error (one line on stderr, no traceback);
130 interrupted (Ctrl-C).  stdout carries only the report.
"""

from __future__ import annotations

import os
import sys

import click

from . import __version__
from .model import AdvolintError, Severity

EXIT_OK, EXIT_VIOLATIONS, EXIT_ERROR = 0, 1, 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, what shells report for Ctrl-C


def _stderr(message: str) -> None:
    click.echo(message, err=True)


def _use_color(choice: str, stream) -> bool:
    if choice == "always":
        return True
    if choice == "never" or "NO_COLOR" in os.environ:
        return False
    return hasattr(stream, "isatty") and stream.isatty()


class AdvolintGroup(click.Group):
    """Turns advolint's own errors into one line on stderr and exit 2,
    and Ctrl-C into one line and exit 130 (never a traceback)."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except AdvolintError as exc:
            _stderr(f"advolint: {exc}")
            ctx.exit(EXIT_ERROR)
        except KeyboardInterrupt:
            _stderr("advolint: interrupted")
            ctx.exit(EXIT_INTERRUPTED)


@click.group(cls=AdvolintGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="advolint")
def cli():
    """advolint checks employee-advocacy posts against your social-media
    policy and advertising-disclosure law."""


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--policy", "policy_path", type=click.Path(), help="Policy file (default: nearest .advolint.yaml, else the embedded default).")
@click.option("--format", "output_format", default="text", show_default=True,
              type=click.Choice(["text", "json"]), help="Report format.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default="error", show_default=True,
              help="Lowest severity that makes the exit code 1.")
@click.option("--stdin-filename", help="Name for the post read from '-' in reports (its suffix decides .md front matter).")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True)
def check(paths, policy_path, output_format, fail_on, stdin_filename, color):
    """Check post files and folders (.txt and .md by default); '-' reads stdin."""
    from pathlib import Path

    from .formats import Report, render
    from .runner import PolicyResolver, RunResult, check_stdin, discover, run

    if not paths:
        raise click.UsageError("give one or more files or folders to check, or '-' for stdin")
    resolver = PolicyResolver(policy_path, notice=_stderr)
    result = RunResult()
    file_paths = [p for p in paths if p != "-"]
    if "-" in paths:
        display = stdin_filename or "<stdin>"
        base = Path(stdin_filename).parent if stdin_filename else Path.cwd()
        policy = resolver.for_directory(base.resolve())
        from .model import InputError

        try:
            post, violations = check_stdin(sys.stdin.buffer.read(), display, policy)
            result.files += 1
            result.violations.extend(violations)
            result.warnings.extend(post.warnings)
            result.language = policy.message_language
        except InputError as exc:
            result.errors.append(str(exc))
    run(discover(file_paths, resolver, result.errors), result)
    if resolver.explicit is not None:
        result.language = resolver.explicit.message_language

    for warning in result.warnings:
        _stderr(f"advolint: warning: {warning}")
    for error in result.errors:
        _stderr(f"advolint: {error}")
    report = Report(violations=sorted(result.violations, key=lambda v: v.sort_key), files=result.files,
                    language=result.language, errors=result.errors)
    use_color = _use_color(color, sys.stdout)
    click.echo(render(output_format, report, color=use_color), nl=False, color=use_color)

    if result.errors:
        sys.exit(EXIT_ERROR)
    threshold = Severity.parse(fail_on)
    sys.exit(EXIT_VIOLATIONS if any(v.severity >= threshold for v in report.violations) else EXIT_OK)


@cli.command()
@click.argument("rule")
@click.option("--lang", type=click.Choice(["da", "en"]), help="Language (default: the policy's message language).")
@click.option("--policy", "policy_path", type=click.Path(), help="Policy whose message language to use.")
def explain(rule, lang, policy_path):
    """Explain a rule: what it checks, why (with sources), examples, fix."""
    from .explain import explain_text

    click.echo(explain_text(rule, _language(lang, policy_path)))


@cli.command("rules")
@click.option("--lang", type=click.Choice(["da", "en"]))
@click.option("--policy", "policy_path", type=click.Path())
def list_rules(lang, policy_path):
    """List every rule with its default severity."""
    from .explain import rules_table

    click.echo(rules_table(_language(lang, policy_path)))


def _language(lang: str | None, policy_path: str | None) -> str:
    if lang:
        return lang
    from .runner import PolicyResolver
    from pathlib import Path

    resolver = PolicyResolver(policy_path)
    return resolver.for_directory(Path.cwd().resolve()).message_language


def main():
    cli(prog_name="advolint")
