"""A framework or curriculum file with characters YAML refuses is "not valid YAML", not a server
error (found by the form fuzzing: a control character in an upload gave a 500)."""

import pytest

from npq.frameworks.yamllines import FileUnreadable, load_with_lines


@pytest.mark.parametrize("text", ["key: \x03", "\x00", "a: \ufffe"])
def test_characters_yaml_refuses_are_an_unreadable_file(text):
    with pytest.raises(FileUnreadable, match="not valid YAML"):
        load_with_lines(text, "upload.yaml")
