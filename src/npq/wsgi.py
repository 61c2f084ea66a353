"""The WSGI application, as gunicorn (``npq serve``) loads it in each worker.

Once it is loaded, the objects of start-up (Django, every app, the URLconf, the API's schemas:
about 160,000 that live as long as the process) are frozen out of the garbage collector's sight.
Unfrozen, every full collection walked them all, tens of milliseconds inside whichever request
set it off: most of the tail of the 1,000-a-page API lists (issue 19; benchmarks/README.md). The
youngest generation's threshold is raised from 700 for the same reason: a page of 1,000 resources
is a few thousand dicts that stay in use until the response is sent, and at 700 each page set off
about a dozen collections that freed almost nothing.
"""

import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

YOUNGEST_THRESHOLD = 50_000  # collections of the youngest generation: at 700 (the default) about 12 a page

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "npq.settings")
application = get_wsgi_application()
get_resolver().url_patterns  # noqa: B018 - load every app's URLs and the API now, not in the first request
gc.collect()
gc.freeze()
gc.set_threshold(YOUNGEST_THRESHOLD, *gc.get_threshold()[1:])
