"""The ``advolint`` command line.

Exit codes: 0 nothing at or above ``--fail-on``; 1 violations at or above
it; 2 a usage, policy or input error (one line on stderr, no traceback);
3 only findings a route sends for review; 130 interrupted (Ctrl-C).  stdout
carries only the report.
"""

from __future__ import annotations

import sys

import click

from advolint import __version__
from advolint.formats import FORMATS
from advolint.errors import AdvolintError
from advolint.language import tr

EXIT_ERROR = 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, what shells report for Ctrl-C


def _stderr(message: str) -> None:
    from advolint.formats import printable  # an error may quote a file name or an option

    click.echo(printable(message), err=True)


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
            _stderr("advolint: " + tr("interrupted"))
            ctx.exit(EXIT_INTERRUPTED)
        finally:
            from advolint import language

            language.reset()  # a run's language lasts for the run (the CLI is also run in-process)


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
@click.option("--force-exclude", is_flag=True,
              help="Files named on the command line obey the policy's files.include/exclude too (pre-commit).")
@click.option("--lang", type=click.Choice(["da", "en"]),
              help="Language of the whole run: messages, errors, warnings (also ADVOLINT_LANG; "
                   "default: the policy's message language).")
def check(paths, policy_path, output_format, output_path, fail_on, stdin_filename, color, fix, diff,
          baseline_path, write_baseline_path, statistics, quiet, exit_zero, jobs, no_cache, force_exclude, lang):
    """Check post files and folders (.txt and .md by default), batch files
    (.jsonl, .csv: one post per record); '-' reads stdin."""
    from advolint.language import choose
    from advolint.run.command import CheckOptions, check as run_check

    choose(lang)  # before any policy is read: its errors speak the run's language too

    if not paths:
        raise click.UsageError(tr("give one or more files or folders to check, or '-' for stdin"))
    if (fix or diff) and "-" in paths:
        raise click.UsageError(tr("--fix and --diff change files; they cannot be used with '-' (stdin)"))
    if fix and diff:
        raise click.UsageError(tr("--fix writes the fixes and --diff only shows them: use one of them"))
    if diff and (output_format != "text" or statistics):
        raise click.UsageError(tr("--diff prints a unified diff: it takes no --format or --statistics"))
    sys.exit(run_check(CheckOptions(
        paths=paths, policy=policy_path, format=output_format, output=output_path, fail_on=fail_on,
        stdin_filename=stdin_filename, color=color, fix=fix, diff=diff, baseline=baseline_path,
        write_baseline=write_baseline_path, statistics=statistics, quiet=quiet, exit_zero=exit_zero,
        jobs=jobs, use_cache=not no_cache, force_exclude=force_exclude)))


@cli.command()
@click.argument("rule")
@click.option("--lang", type=click.Choice(["da", "en"]), help="Language (default: the policy's message language).")
@click.option("--policy", "policy_path", type=click.Path(), help="Policy whose message language to use.")
def explain(rule, lang, policy_path):
    """Explain a rule: what it checks, why (with sources), examples, fix."""
    from advolint.explain import custom_explain_text, explain_text
    from advolint.rules import rule_ids

    if rule in rule_ids():
        click.echo(explain_text(rule, _language(lang, policy_path)))
        return
    linter = _linter(policy_path)  # a custom rule (Style.Rule): the policy's own
    click.echo(custom_explain_text(rule, linter, lang or linter.message_language))


@cli.command("rules")
@click.option("--lang", type=click.Choice(["da", "en"]))
@click.option("--policy", "policy_path", type=click.Path())
@click.option("--markdown", is_flag=True, help="Print the README's rule table (English summaries from the explain pages).")
def list_rules(lang, policy_path, markdown):
    """List every rule with its severity: the policy's (with --policy or a nearest
    .advolint.yaml), else the default."""
    from advolint.explain import custom_rules_table, rules_markdown, rules_table

    if markdown:
        click.echo(rules_markdown())
        return
    linter = _linter(policy_path)
    click.echo(rules_table(lang or linter.message_language, linter.severities))
    custom = custom_rules_table(linter, lang or linter.message_language)
    if custom:
        click.echo(custom)


@cli.group("policy")
def policy_group():
    """Validate a policy, or print its JSON Schema for editors."""


@policy_group.command("check")
@click.argument("file", type=click.Path())
@click.option("--lang", type=click.Choice(["da", "en"]), help="Language of errors (also ADVOLINT_LANG).")
def policy_check(file, lang):
    """Validate FILE and print the resolved policy (extends merged) as YAML."""
    from advolint.language import choose
    from advolint.policy.loading import load_policy, resolved_yaml

    choose(lang)

    click.echo(resolved_yaml(load_policy(file)), nl=False)


@policy_group.command("schema")
def policy_schema():
    """Print the policy's JSON Schema (for yaml-language-server and other editors)."""
    import json

    from advolint.policy.schema import schema

    click.echo(json.dumps(schema(), ensure_ascii=False, indent=2))


@cli.command()
@click.option("--policy", "policy_path", type=click.Path(),
              help="Policy file (default: nearest .advolint.yaml above the current folder, else the embedded default).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0: every interface).")
@click.option("--port", default=8080, show_default=True, type=click.IntRange(0, 65535))
@click.option("--token-file", type=click.Path(dir_okay=False),
              help="File holding a bearer token that every request but /healthz must send (Authorization: Bearer ...).")
@click.option("--max-body", default=100_000, show_default=True, type=click.IntRange(min=1),
              help="Largest request body in bytes (larger: 413).")
@click.option("--timeout", default=5.0, show_default=True, type=click.FloatRange(min=0, min_open=True),
              help="Seconds one check may take (longer: 503).")
@click.option("--reload-interval", default=2.0, show_default=True, type=click.FloatRange(min=0),
              help="Seconds between looks at the policy's files for changes (0: reload only on SIGHUP).")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(min=1),
              help="Server processes (one per CPU core serves the most requests).")
def serve(policy_path, host, port, token_file, max_body, timeout, reload_interval, workers):
    """Serve the page for writing posts and the HTTP API (JSON and LanguageTool's)."""
    try:
        from advolint.serve.server import serve as run_server
    except ImportError as exc:
        raise click.ClickException(tr("advolint serve needs its extra: pip install 'advolint[serve]' ({exc})", exc=exc))
    if policy_path is None:
        from pathlib import Path

        from advolint.run.discovery import PolicyResolver

        source = PolicyResolver().for_directory(Path.cwd().resolve()).header.source
        policy_path = None if source.startswith("<") else source
    run_server(policy_path, host, port, token_file, max_body, timeout, reload_interval, workers)


def _linter(policy_path: str | None):
    """The compiled policy given, else the one that applies to the working folder."""
    from pathlib import Path

    from advolint.run.discovery import PolicyResolver

    return PolicyResolver(policy_path).for_directory(Path.cwd().resolve())


def _language(lang: str | None, policy_path: str | None) -> str:
    return lang or _linter(policy_path).message_language


def main():
    cli(prog_name="advolint")
