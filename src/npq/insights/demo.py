"""Demo insights: build the summaries from the demo's own records and publish one release, so the
Department's dashboard shows progress to the target with a chart, the funnel and the budget, and
Ambition Institute (provider@ambition.example) sees its own."""

from typing import Any

from npq.core.audit import Actor
from npq.insights import queries, rules, services, snapshots
from npq.insights.models import Release

RELEASE = "NPQ starts and outcomes (demo)"


def create_demo(out: Any) -> None:
    actor = Actor.command("demo")
    services.load_targets(actor)
    state = services.refresh(actor, full=True)
    figs = queries.figures(queries.Scope())
    out.write(f"Insights: summaries built from {state.applications} applications; {figs.total('started')} starts")
    if not Release.objects.filter(title=RELEASE).exists():
        release = services.publish_release(
            actor, "Demo statistician", RELEASE, rules.METHOD, figs.as_of, snapshots.release_figures(figs)
        )
        out.write(f"Insights: release published at /statistics/{release.slug}")
    out.write("Insights: the Department's view at /insights (admin@dfe.example), a provider's at /insights/provider")
