"""The compiled linter: a policy compiled once, its cache, and how findings become violations."""
