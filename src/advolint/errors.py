"""advolint's own errors: the CLI prints each as one line and exits 2."""


class AdvolintError(Exception):
    """A usage, policy or input error: the CLI prints it as one line, exit 2."""


class PolicyError(AdvolintError):
    """A policy that cannot be used; ``str()`` is ``file:line:col: message``."""

    def __init__(self, path: str, message: str, line: int | None = None, column: int | None = None):
        self.path, self.line, self.column, self.detail = path, line, column, message
        where = path
        if line is not None:
            where += f":{line}"
            if column is not None:
                where += f":{column}"
        super().__init__(f"{where}: {message}")


class InputError(AdvolintError):
    """A post file that cannot be checked (binary, unreadable, bad encoding)."""
