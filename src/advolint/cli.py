"""The ``advolint`` command line.

Exit codes: 0 nothing at or above ``--fail-on``; 1 violations at or above
it; 2 a usage, policy or input error (one line on stderr, no traceback);
130 interrupted (Ctrl-C).  stdout carries only the report.
"""

from __future__ import annotations

import os
import sys

import click

from advolint import __version__
from advolint.formats import FORMATS
from advolint.errors import AdvolintError
from advolint.findings import Severity

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
              type=click.Choice(list(FORMATS)), help="Report format.")
@click.option("-o", "--output", "output_path", type=click.Path(dir_okay=False), help="Write the report to FILE instead of stdout.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default="error", show_default=True,
              help="Lowest severity that makes the exit code 1.")
@click.option("--stdin-filename", help="Name for the post read from '-' in reports (its suffix decides .md front matter).")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True)
@click.option("--fix", is_flag=True, help="Apply safe fixes to the files; report what remains.")
@click.option("--diff", is_flag=True, help="Print the safe fixes as a unified diff; write nothing.")
@click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False), help="Report only violations not in this baseline file.")
@click.option("--write-baseline", "write_baseline_path", type=click.Path(dir_okay=False),
              help="Record today's violations in this baseline file (exit 0).")
@click.option("--statistics", is_flag=True, help="Print the number of violations per rule instead of the report.")
@click.option("-q", "--quiet", is_flag=True, help="Print only the violations: no summary, notices or warnings.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are violations (errors still exit 2).")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=1, show_default=True,
              help="Processes that check many files or batch records in parallel (0: one per CPU).")
@click.option("--no-cache", is_flag=True, help="Compile the policy afresh (also ADVOLINT_NO_CACHE=1).")
def check(paths, policy_path, output_format, output_path, fail_on, stdin_filename, color, fix, diff,
          baseline_path, write_baseline_path, statistics, quiet, exit_zero, jobs, no_cache):
    """Check post files and folders (.txt and .md by default), batch files
    (.jsonl, .csv: one post per record); '-' reads stdin."""
    from pathlib import Path

    from advolint.run import command
    from advolint.formats.statistics import statistics as statistics_table
    from advolint.formats import Report, render
    from advolint.messages import Messages
    from advolint.run.discovery import PolicyResolver, RunResult, check_stdin, discover, run

    if not paths:
        raise click.UsageError("give one or more files or folders to check, or '-' for stdin")
    if (fix or diff) and "-" in paths:
        raise click.UsageError("--fix and --diff change files; they cannot be used with '-' (stdin)")
    notice = (lambda message: None) if quiet else _stderr
    resolver = PolicyResolver(policy_path, notice=notice, use_cache=not no_cache)
    if baseline_path or write_baseline_path:
        from advolint.run import baseline  # json and hashlib: not needed by a plain check
    known = baseline.load_baseline(baseline_path) if baseline_path else None
    result = RunResult()
    file_paths = [p for p in paths if p != "-"]
    if "-" in paths:
        display = stdin_filename or "<stdin>"
        base = Path(stdin_filename).parent if stdin_filename else Path.cwd()
        policy = resolver.for_directory(base.resolve())  # its notice comes before stdin is read
        check_stdin(sys.stdin.buffer.read(), display, policy, result)
    fixer = None
    if fix or diff:
        from advolint.run.fixing import Fixer

        fixer = Fixer(write=fix and not diff)
    if jobs == 0:
        from advolint.run.jobs import default_jobs

        jobs = default_jobs()
    targets = list(discover(file_paths, resolver, result.errors))
    run(command.with_progress(targets, sys.stderr), result, check=fixer, jobs=jobs, use_cache=not no_cache)
    if resolver.explicit is not None:
        result.language = resolver.explicit.message_language
    messages = Messages(result.language)
    if fixer is not None:
        result.errors.extend(fixer.problems)

    for warning in [] if quiet else result.warnings:
        _stderr(f"advolint: warning: {warning}")
    for error in result.errors:
        _stderr(f"advolint: {error}")
    violations = sorted(result.violations, key=lambda v: v.sort_key)
    if write_baseline_path:
        recorded = baseline.write_baseline(write_baseline_path, violations)
        notice(messages.get("core", "baseline-written", n=recorded, path=write_baseline_path))
        sys.exit(EXIT_ERROR if result.errors else EXIT_OK)
    if known is not None:
        new = baseline.new_violations(violations, known)
        if len(new) < len(violations):
            notice(messages.get("core", "baseline-hidden", n=len(violations) - len(new), path=baseline_path))
        violations = new
    report = Report(violations=violations, files=result.files, language=result.language,
                    errors=result.errors, quiet=quiet)
    stream = sys.stdout if output_path is None else None
    use_color = stream is not None and _use_color(color, stream)
    if diff:
        text = "".join(fixer.diffs)
    elif statistics:
        text = statistics_table(violations, result.language)
    else:
        text = render(output_format, report, color=use_color)
    if output_path:
        command.write_report(text, output_path)
    else:
        click.echo(text, nl=False, color=use_color)
    if fixer is not None and fix and fixer.fixes_applied:
        notice(messages.get("core", "fixed-summary", fixes=fixer.fixes_applied, files=fixer.files_changed))

    if result.errors:
        sys.exit(EXIT_ERROR)
    threshold = Severity.parse(fail_on)
    failing = any(v.severity >= threshold for v in violations) or bool(diff and fixer.diffs)
    sys.exit(EXIT_VIOLATIONS if failing and not exit_zero else EXIT_OK)


@cli.command()
@click.argument("rule")
@click.option("--lang", type=click.Choice(["da", "en"]), help="Language (default: the policy's message language).")
@click.option("--policy", "policy_path", type=click.Path(), help="Policy whose message language to use.")
def explain(rule, lang, policy_path):
    """Explain a rule: what it checks, why (with sources), examples, fix."""
    from advolint.explain import explain_text

    click.echo(explain_text(rule, _language(lang, policy_path)))


@cli.command("rules")
@click.option("--lang", type=click.Choice(["da", "en"]))
@click.option("--policy", "policy_path", type=click.Path())
def list_rules(lang, policy_path):
    """List every rule with its default severity."""
    from advolint.explain import rules_table

    click.echo(rules_table(_language(lang, policy_path)))


@cli.group("policy")
def policy_group():
    """Validate a policy, or print its JSON Schema for editors."""


@policy_group.command("check")
@click.argument("file", type=click.Path())
def policy_check(file):
    """Validate FILE and print the resolved policy (extends merged) as YAML."""
    from advolint.policy.loading import load_policy, resolved_yaml

    click.echo(resolved_yaml(load_policy(file)), nl=False)


@policy_group.command("schema")
def policy_schema():
    """Print the policy's JSON Schema (for yaml-language-server and other editors)."""
    import json

    from advolint.policy.schema import schema

    click.echo(json.dumps(schema(), ensure_ascii=False, indent=2))


def _language(lang: str | None, policy_path: str | None) -> str:
    if lang:
        return lang
    from advolint.run.discovery import PolicyResolver
    from pathlib import Path

    resolver = PolicyResolver(policy_path)
    return resolver.for_directory(Path.cwd().resolve()).message_language


def main():
    cli(prog_name="advolint")
