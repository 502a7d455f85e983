"""The company's own wording rules, written in Vale's rule language.

Rules come from the policy's ``custom:`` section (rule name -> a Vale rule
definition), from a Vale configuration (``vale: {config: .vale.ini}``: its
styles, vocabularies, glob sections and per-rule switches) and from style
folders named directly (``vale: {styles: [...]}``).  ``sources`` reads them
all into plain :class:`~advolint.custom.definition.Definition` records (a
policy error naming the file and line for anything it cannot use); one
module per Vale kind compiles a definition into a checker; ``blocks`` cuts a
post into the prose blocks Vale would lint (Markdown: headings, paragraphs,
list items, table cells; code, URLs and front matter left out).
"""

from __future__ import annotations

# The Vale kinds advolint checks, and the module that implements each.
KINDS = ("existence", "substitution", "occurrence", "repetition", "conditional", "capitalization")
# Vale kinds it does not: a rule of one is a policy error unless the configuration switches it off.
UNSUPPORTED_KINDS = ("spelling", "metric", "script", "sequence", "readability", "consistency")
