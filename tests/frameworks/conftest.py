from pathlib import Path

import pytest

from npq.core.audit import Actor
from npq.frameworks import services

DATA = Path(__file__).resolve().parents[2] / "src" / "npq" / "frameworks" / "data"

SMALL = """\
framework:
  key: tiny
  version: 1
  name: Tiny framework
  status: published
  effective_from: 2024-09-01
qualifications:
  - {code: NPQH, name: Headship}
  - {code: NPQSL, name: Senior leadership}
content_areas:
  - {key: culture, number: 1, name: Culture}
  - {key: capability, number: 2, name: Capability}
statements:
  - {id: c-1, content_area: culture, kind: learn_that, text: Culture one}
  - {id: c-2, content_area: culture, kind: learn_how_to, text: Culture two, qualifications: [NPQH]}
  - {id: k-1, content_area: capability, kind: learn_about, text: Capability one, official: false}
behaviours:
  - {key: integrity, name: Integrity, description: Acts honestly}
tasks:
  - key: h-task
    qualification: NPQH
    title: Headship task
    parts: [{key: A, aim: first}]
    word_limit: 2500
    conditions: [Present to the governing board]
criteria:
  - {code: "2.1.1", task: h-task, part: A, content_area: capability, text: Does the thing}
"""


@pytest.fixture
def load():
    def do(text: str, name: str = "tiny.yaml"):
        return services.load_framework(text, name, Actor.command("test"))

    return do


@pytest.fixture
def shipped(reference, load):
    """The shipped frameworks: 2017, reformed v1 and the demonstration review draft."""
    return {
        name: load((DATA / name).read_text(), name)
        for name in ("npq-2017-v1.yaml", "npq-reformed-v1.yaml", "npq-reformed-v2-draft.yaml")
    }
