from pathlib import Path

import pytest

from npq.core.audit import Actor
from npq.frameworks import demo, services
from npq.frameworks.models import Curriculum, Framework
from tests.modulewide import built_once

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


SHIPPED = ("npq-2017-v1.yaml", "npq-reformed-v1.yaml", "npq-reformed-v2-draft.yaml")


def load_shipped() -> dict[str, Framework]:
    return {name: services.load_framework((DATA / name).read_text(), name, Actor.command("test")) for name in SHIPPED}


@pytest.fixture
def shipped(reference):
    """The shipped frameworks: 2017, reformed v1 and the demonstration review draft."""
    return load_shipped()


@pytest.fixture(scope="module")
def shipped_once(django_db_setup, django_db_blocker):
    """The shipped frameworks loaded once for a module whose tests all start from them (such a module
    overrides ``shipped`` with ``fresh(shipped_once)``); rolled back when the module ends."""
    with built_once(django_db_blocker, load_shipped) as made:
        yield made


class Out:
    def __init__(self):
        self.lines = []

    def write(self, text):
        self.lines.append(text)


@pytest.fixture(scope="module")
def demo_module(django_db_setup, django_db_blocker):
    """The frameworks demo, loaded once for the module (it parses every framework and curriculum file)."""
    with built_once(django_db_blocker, _demo_twice) as out:
        yield out


def _demo_twice() -> Out:
    out = Out()
    demo.create_demo(out)
    demo.create_demo(out)  # idempotent
    return out


@pytest.fixture
def demo_data(demo_module, db):
    assert Framework.objects.count() == 3 and Curriculum.objects.count() == 2
    return demo_module
