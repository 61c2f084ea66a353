"""Survey results for one question over many answers: the query behind the results page.

Builds one survey of the Department's end-of-module questionnaire with N submitted responses (bulk
insert, spread over 8 providers and 24 delivery partners), then times ``question_result`` for the
agreement question overall and broken down by delivery partner, with suppression, as the page does.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/npq_bench \
        .venv/bin/python benchmarks/survey_results.py --answers 100000
"""

import argparse
import datetime as dt
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_env  # noqa: E402


def generate(answers: int) -> tuple[object, object, float]:
    from django.db import transaction

    from npq.core.audit import Actor
    from npq.reference.loading import load_reference
    from npq.reference.models import DeliveryPartner, LeadProvider
    from npq.surveys import rules
    from npq.surveys.models import Answer, Questionnaire, Response, Survey

    load_reference(Actor.command("bench"))
    questionnaire = Questionnaire.objects.filter(key="dfe-end-of-module").order_by("-version").first()
    question = questionnaire.questions.get(key="satisfied")
    survey = Survey.objects.filter(title=f"Benchmark {answers}").first()
    if survey is not None:
        return survey, question, 0.0
    began = time.perf_counter()
    now = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    providers = list(LeadProvider.objects.order_by("name")[:8])
    partners = list(DeliveryPartner.objects.order_by("name")[:24])
    values = [v for v, _ in rules.AGREEMENT]
    with transaction.atomic():
        survey = Survey.objects.create(
            questionnaire=questionnaire,
            title=f"Benchmark {answers}",
            audience="participants",
            opens_at=now,
            closes_at=now + dt.timedelta(days=30),
            created_at=now,
            target_question_key="satisfied",
            target_percent=90,
        )
        Response.objects.bulk_create(
            (
                Response(
                    survey=survey,
                    answer_key=uuid.uuid4().hex,
                    submitted_on=now.date(),
                    lead_provider=providers[n % len(providers)],
                    delivery_partner=partners[n % len(partners)],
                )
                for n in range(answers)
            ),
            batch_size=5000,
        )
        ids = list(Response.objects.filter(survey=survey).order_by("pk").values_list("pk", flat=True))
        Answer.objects.bulk_create(
            (
                Answer(
                    response_id=pk,
                    question=question,
                    value=values[(n * 7) % 5 if n % 3 else 1],
                    survey=survey,
                    submitted=True,
                    lead_provider=providers[n % len(providers)],
                    delivery_partner=partners[n % len(partners)],
                )
                for n, pk in enumerate(ids)
            ),
            batch_size=5000,
        )
    return survey, question, time.perf_counter() - began


def vacuum() -> None:
    """Fresh planner statistics and visibility map, as autovacuum would give a real table."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in ("surveys_answer", "surveys_response"):
                cursor.execute(f"VACUUM ANALYZE {table}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--answers", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    database = bench_env.start("surveys")
    from django.db.models import Q

    from npq.surveys import results

    survey, question, took = generate(args.answers)
    vacuum()
    print(f"database: {database}; {args.answers:,} answers to one question generated in {took:.1f} s")
    from npq.surveys.models import Answer

    floor = []
    for _ in range(args.repeats):  # the least any result can cost: one pass counting the question's answers
        began = time.perf_counter()
        Answer.objects.filter(question=question).count()
        floor.append((time.perf_counter() - began) * 1000)
    print(f"floor (count the question's answers): median {statistics.median(floor):.1f} ms, best {min(floor):.1f} ms")
    from django.db.models import Count

    joined = []
    for _ in range(args.repeats):  # the query before the copy: every answer joined to its response
        began = time.perf_counter()
        list(
            Answer.objects.filter(question=question, response__survey=survey, response__submitted_on__isnull=False)
            .values("value")
            .annotate(n=Count("id"))
            .order_by()
        )
        joined.append((time.perf_counter() - began) * 1000)
    print(f"before (joined to responses): median {statistics.median(joined):.1f} ms, best {min(joined):.1f} ms")
    for by in (None, "delivery_partner"):
        times = []
        for _ in range(args.repeats):
            began = time.perf_counter()
            result = results.question_result([survey], question, by, Q())
            times.append((time.perf_counter() - began) * 1000)
        shown = sum(1 for r in result.rows if not r.suppressed)
        print(
            f"results by {by or 'nothing'}: median {statistics.median(times):.1f} ms, best {min(times):.1f} ms "
            f"over {args.repeats} runs; {result.total.respondents:,} respondents, "
            f"{result.total.share_agreeing}% agreeing, {shown} of {len(result.rows)} groups shown"
        )


if __name__ == "__main__":
    main()
