"""A framework or curriculum file with characters YAML refuses is "not valid YAML", not a server
error (found by the form fuzzing: a control character in an upload gave a 500)."""

import pytest

from npq.frameworks.yamllines import FileUnreadable, load_with_lines


@pytest.mark.parametrize("text", ["key: \x03", "\x00", "a: \ufffe"])
def test_characters_yaml_refuses_are_an_unreadable_file(text):
    with pytest.raises(FileUnreadable, match="not valid YAML"):
        load_with_lines(text, "upload.yaml")


def nested_aliases(levels: int) -> str:
    """Each list holds ten of the one before: a few hundred bytes that stand for 10**levels values."""
    text = "l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n"
    for i in range(1, levels):
        text += f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]\n"
    return text


def test_aliases_that_stand_for_too_many_values_are_refused_quickly():
    load_with_lines(nested_aliases(4), "fine.yaml")  # 11,110 values: read as any file is
    with pytest.raises(FileUnreadable, match="too large: more than 200,000 values") as refused:
        load_with_lines(nested_aliases(12), "laughs.yaml")  # 10**12 values once expanded
    assert refused.value.problem.field.startswith("l5[")  # the first list to go past the limit


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("k: " + "[" * 60 + "]" * 60, "nested more than 40 levels deep"),
        ("k: " + "[" * 5000 + "]" * 5000, "not valid YAML"),  # libyaml's own limit, or the pure reader's
        ("? [a, b]\n: c\n", "a key must be a word"),
    ],
)
def test_deep_nesting_and_keys_that_are_not_words_are_refused(text, message):
    with pytest.raises(FileUnreadable, match=message):
        load_with_lines(text, "upload.yaml")


def test_lines_are_kept_for_each_path():
    value, lines = load_with_lines("key: a\nstatements:\n  - id: s1\n  - id: s2\n", "f.yaml")
    assert value == {"key": "a", "statements": [{"id": "s1"}, {"id": "s2"}]}
    assert (lines.of("key"), lines.of("statements[1].id"), lines.of("statements[1].missing")) == (1, 4, 4)
