"""The policy's custom wording rules: ``custom:`` (Vale rule definitions) and ``vale:`` (a Vale configuration).

A definition is kept as written here and decoded strictly, with its file and
line, by :mod:`advolint.custom.definition` when the policy is loaded (the
keys depend on the rule's kind, as in Vale).
"""

from __future__ import annotations

from typing import Any, Optional

from pydantic import BaseModel, ConfigDict

# rule name -> a Vale rule (extends, message, level, tokens, swap, ...)
CustomRules = dict[str, Any]


class Vale(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_default=True)

    config: Optional[str] = None  # a .vale.ini or _vale file (or its folder), relative to the policy file
    styles: list[str] = []  # style folders whose rules are all on, relative to the policy file
