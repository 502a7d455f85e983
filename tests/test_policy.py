"""Policy loading: merge, validation errors with positions, schema."""

from __future__ import annotations

import pytest

from advolint.errors import PolicyError
from advolint.policy.loading import load_policy


def error_of(path) -> str:
    with pytest.raises(PolicyError) as info:
        load_policy(path)
    return str(info.value)


def test_unknown_key_did_you_mean(write):
    path = write("p.yaml", "version: 1\ntone:\n  exclamaton_max: 2\n")
    assert error_of(path) == f"{path}:3:3: unknown key 'exclamaton_max' in tone (did you mean 'exclamation_max'?)"


def test_yaml_syntax_error_has_line(write):
    path = write("p.yaml", "version: 1\nhashtags:\n  forbidden: [#x\n")
    assert error_of(path).startswith(f"{path}:")
    assert "YAML syntax error" in error_of(path)


def test_wrong_literal(write):
    path = write("p.yaml", "version: 1\ntone:\n  address: dig\n")
    message = error_of(path)
    assert message.startswith(f"{path}:3:12: tone.address: 'dig' is not allowed")


def test_unknown_version(write):
    path = write("p.yaml", "version: 7\n")
    assert "policy version 7 is not supported" in error_of(path)


def test_empty_policy(write):
    assert "policy is empty" in error_of(write("p.yaml", ""))


def test_policy_not_a_mapping(write):
    assert "must be a mapping" in error_of(write("p.yaml", "- version\n- 1\n"))


def test_duplicate_keys(write):
    path = write("p.yaml", "version: 1\ntone: {}\ntone: {}\n")
    assert error_of(path) == f"{path}:3:1: duplicate key 'tone'"


def test_extends_merges_later_wins_lists_replace(write):
    write("group.yaml", "version: 1\nextends: [advolint:dk]\nhashtags: {forbidden: ['#a', '#b'], max: 3}\n")
    path = write("team.yaml", "version: 1\nextends: [group.yaml]\nhashtags: {forbidden: ['#c']}\n")
    policy = load_policy(path)
    assert [f.tag for f in policy.hashtags.forbidden] == ["#c"]
    assert policy.hashtags.max == 3
    assert policy.jurisdictions == ["dk"]


def test_extends_cycle(write):
    write("a.yaml", "version: 1\nextends: [b.yaml]\n")
    path = write("b.yaml", "version: 1\nextends: [a.yaml]\n")
    assert "'extends' cycle" in error_of(path)


def test_unknown_builtin_pack(write):
    path = write("p.yaml", "version: 1\nextends: [advolint:dkk]\n")
    assert error_of(path) == (f"{path}:2:11: unknown built-in pack 'advolint:dkk' (did you mean 'dk'?); "
                              "known: advolint:de, advolint:dk, advolint:fi, advolint:no, advolint:se, "
                              "advolint:uk, advolint:us")


def test_unknown_rule_in_rules(write):
    path = write("p.yaml", "version: 1\nrules:\n  tone-exclamaton: off\n")
    assert "unknown rule 'tone-exclamaton' (did you mean 'tone-exclamation'?)" in error_of(path)


def test_unknown_jurisdiction(write):
    path = write("p.yaml", "version: 1\njurisdictions: [dkk]\n")
    assert "unknown jurisdiction 'dkk'" in error_of(path)


def test_string_shorthand_for_list_items(write):
    path = write("p.yaml", "version: 1\nhashtags:\n  forbidden: ['#x', {tag: '#y', replacement: '#z'}]\n")
    policy = load_policy(path)
    assert [(f.tag, f.replacement) for f in policy.hashtags.forbidden] == [("#x", None), ("#y", "#z")]


def test_error_in_extended_file_names_that_file(write):
    group = write("group.yaml", "version: 1\ntone: {address: dig}\n")
    path = write("team.yaml", "version: 1\nextends: [group.yaml]\n")
    assert error_of(path).startswith(f"{group}:2:17:")


def test_rule_off_disables_it(write):
    from advolint import check_text

    path = write("p.yaml", "version: 1\ntone: {exclamation_max: 0}\nrules: {tone-exclamation: off}\n")
    assert check_text("Hej!", load_policy(path)) == []
    path = write("q.yaml", "version: 1\ntone: {exclamation_max: 0}\nrules: {tone-exclamation: error}\n")
    assert check_text("Hej!", load_policy(path))[0].severity.label == "error"


def test_shipped_policies_are_valid():
    from advolint.resources import config_dir

    example = load_policy(config_dir() / "example-policy.yaml")
    assert example.company.name == "Nordlys Energi A/S"
    assert load_policy(config_dir() / "default-policy.yaml").jurisdictions == ["dk"]
