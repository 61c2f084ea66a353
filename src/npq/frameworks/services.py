"""Use cases that change frameworks and curricula: load, publish, upload. Each runs in one
transaction and writes an audit event; a rejected file stores nothing."""

import hashlib
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify

from npq.core import audit, clock
from npq.core.errors import Conflict, InvalidTransition, PermissionDenied, ValidationFailed
from npq.frameworks import curriculumformat, fileformat, rules, versions
from npq.frameworks.models import (
    AssessmentTask,
    Behaviour,
    ContentArea,
    Criterion,
    Curriculum,
    CurriculumModule,
    CurriculumSession,
    Framework,
    FrameworkStatus,
    Qualification,
    Statement,
)
from npq.frameworks.yamllines import FileUnreadable, Lines, Problem, load_with_lines
from npq.reference.models import Course, LeadProvider


class FileRejected(ValidationFailed):
    """A framework or curriculum file with problems; ``problems`` lists every one."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s): " + "; ".join(str(p) for p in problems[:5]))
        self.problems = problems


def _parse(text: str, file_name: str) -> tuple[Any, Lines]:
    try:
        return load_with_lines(text, file_name)
    except FileUnreadable as exc:
        raise FileRejected([exc.problem]) from exc


def load_framework(text: str, file_name: str, actor: audit.Actor) -> Framework:
    """Store one framework version from its YAML text. An existing key and version is refused:
    a change is a new version."""
    data, lines = _parse(text, file_name)
    spec, problems = fileformat.check_framework(data, lines, file_name)
    if spec is None:
        raise FileRejected(problems)
    courses = {c.identifier: c for c in Course.objects.filter(identifier__in=[q.course for q in spec.qualifications])}
    missing = [
        Problem(
            file_name,
            lines.of(f"qualifications[{i}].course"),
            f"qualifications[{i}].course",
            f"unknown course '{q.course}'",
        )
        for i, q in enumerate(spec.qualifications)
        if q.course and q.course not in courses
    ]
    if missing:
        raise FileRejected(missing)
    with transaction.atomic():
        if Framework.objects.filter(key=spec.key, version=spec.version).exists():
            raise Conflict(
                f"Framework {spec.key} version {spec.version} is already loaded; load a change as a new version"
            )
        fw = Framework.objects.create(
            key=spec.key,
            version=spec.version,
            name=spec.name,
            status=spec.status,
            effective_from=spec.effective_from,
            effective_to=spec.effective_to,
            source=spec.source,
            document_refs=list(spec.documents),
            file_name=file_name,
            file_sha256=hashlib.sha256(text.encode()).hexdigest(),
            loaded_at=clock.now(),
            published_at=clock.now() if spec.status == FrameworkStatus.PUBLISHED else None,
        )
        quals = {
            q.code: Qualification.objects.create(
                framework=fw, code=q.code, name=q.name, audience=q.audience, position=i, course=courses.get(q.course)
            )
            for i, q in enumerate(spec.qualifications)
        }
        areas = {}
        for a in spec.content_areas:
            areas[a.key] = ContentArea.objects.create(framework=fw, key=a.key, number=a.number, name=a.name)
            areas[a.key].qualifications.set([quals[c] for c in a.qualifications])
        statements = Statement.objects.bulk_create(
            Statement(
                framework=fw,
                content_area=areas[s.content_area],
                sid=s.sid,
                kind=s.kind,
                text=s.text,
                official=s.official,
                position=i,
            )
            for i, s in enumerate(spec.statements)
        )
        through = Statement.qualifications.through
        through.objects.bulk_create(
            through(statement_id=st.pk, qualification_id=quals[code].pk)
            for st, s in zip(statements, spec.statements, strict=True)
            for code in s.qualifications
        )
        Behaviour.objects.bulk_create(
            Behaviour(
                framework=fw,
                key=b.key,
                name=b.name,
                description=b.description,
                official=b.official,
                assessed=b.assessed,
                position=i,
            )
            for i, b in enumerate(spec.behaviours)
        )
        tasks = {
            t.key: AssessmentTask.objects.create(
                framework=fw,
                qualification=quals[t.qualification],
                key=t.key,
                title=t.title,
                aim=t.aim,
                parts=[{"key": k, "aim": aim} for k, aim in t.parts],
                word_limit=t.word_limit,
                word_limit_excludes=t.word_limit_excludes,
                word_limit_scope=t.word_limit_scope,
                minimum_duration=t.minimum_duration,
                conditions=list(t.conditions),
                position=i,
            )
            for i, t in enumerate(spec.tasks)
        }
        Criterion.objects.bulk_create(
            Criterion(
                framework=fw,
                qualification=quals[c.qualification],
                content_area=areas[c.content_area],
                task=tasks[c.task],
                part=c.part,
                code=c.code,
                text=c.text,
                official=c.official,
                position=i,
            )
            for i, c in enumerate(spec.criteria)
        )
        audit.record(
            actor,
            "framework.loaded",
            fw,
            after={
                "key": fw.key,
                "version": fw.version,
                "status": fw.status,
                "file": file_name,
                "sha256": fw.file_sha256,
                "statements": len(spec.statements),
                "criteria": len(spec.criteria),
                "tasks": len(spec.tasks),
            },
        )
    return fw


def publish_framework(framework_id: int, actor: audit.Actor) -> Framework:
    """Publish a draft. The previously published version of the same framework is retired; its
    content is never changed."""
    with transaction.atomic():
        fw = Framework.objects.select_for_update().get(pk=framework_id)
        if fw.status != FrameworkStatus.DRAFT:
            raise InvalidTransition(
                f"Framework {fw.key} version {fw.version} is {fw.status}; only a draft can be published"
            )
        now = clock.now()
        for old in Framework.objects.select_for_update().filter(key=fw.key, status=FrameworkStatus.PUBLISHED):
            old.status = FrameworkStatus.RETIRED
            old.effective_to = old.effective_to or clock.today()
            old.save(update_fields=["status", "effective_to"])
            audit.record(
                actor,
                "framework.retired",
                old,
                before={"status": "published"},
                after={"status": "retired", "replaced_by_version": fw.version},
            )
        fw.status = FrameworkStatus.PUBLISHED
        fw.published_at = now
        fw.effective_from = fw.effective_from or clock.today()
        fw.save(update_fields=["status", "published_at", "effective_from"])
        audit.record(actor, "framework.published", fw, before={"status": "draft"}, after={"status": "published"})
    return fw


def upload_curriculum(
    provider: LeadProvider,
    text_or_data: str | dict[str, Any],
    file_name: str,
    actor: audit.Actor,
    *,
    user: Any = None,
    via: str = "page",
) -> Curriculum:
    """Store a provider's curriculum as a new revision, after checking every mapped id."""
    if isinstance(text_or_data, str):
        data, lines = _parse(text_or_data, file_name)
    else:
        data, lines = text_or_data, Lines()
    head, problems = curriculumformat.read_head(data, lines, file_name)
    if head is None:
        raise FileRejected(problems)
    fw = Framework.objects.filter(key=head.framework, version=head.version).first()
    qual = Qualification.objects.filter(framework=fw, code=head.qualification).first() if fw else None
    if fw is None or qual is None:
        what = "framework" if fw is None else "qualification"
        path = "framework" if fw is None else "qualification"
        raise FileRejected(
            [
                Problem(
                    file_name,
                    lines.of(path),
                    path,
                    f"unknown {what}: {head.framework} version {head.version} {head.qualification}",
                )
            ]
        )
    required = set(Statement.objects.filter(framework=fw, qualifications=qual).values_list("sid", flat=True))
    elsewhere = {
        sid: f"{key} version {version}"
        for sid, key, version in Statement.objects.exclude(framework=fw).values_list(
            "sid", "framework__key", "framework__version"
        )
    }
    elsewhere.update(
        dict.fromkeys(
            Statement.objects.filter(framework=fw).exclude(qualifications=qual).values_list("sid", flat=True),
            f"another qualification of {fw.key} version {fw.version}",
        )
    )
    spec, problems = curriculumformat.check_curriculum(data, lines, file_name, head, required, elsewhere)
    if spec is None:
        raise FileRejected(problems)
    by_sid = {s.sid: s for s in Statement.objects.filter(framework=fw, sid__in=required)}
    with transaction.atomic():
        LeadProvider.objects.select_for_update().get(pk=provider.pk)
        latest = (
            Curriculum.objects.filter(lead_provider=provider, framework=fw, qualification=qual).aggregate(
                n=Max("revision")
            )["n"]
            or 0
        )
        cur = Curriculum.objects.create(
            lead_provider=provider,
            framework=fw,
            qualification=qual,
            name=head.name,
            revision=latest + 1,
            file_name=file_name,
            uploaded_at=clock.now(),
            uploaded_by=user,
            uploaded_via=via,
        )
        sequence = 0
        for m, module in enumerate(spec.modules, 1):
            mod = CurriculumModule.objects.create(curriculum=cur, position=m, title=module.title)
            for s, session in enumerate(module.sessions, 1):
                sequence += 1
                row = CurriculumSession.objects.create(
                    module=mod, position=s, sequence=sequence, title=session.title, mode=session.mode
                )
                row.teaches.set([by_sid[sid] for sid in dict.fromkeys(session.teaches)])
                row.assesses.set([by_sid[sid] for sid in dict.fromkeys(session.assesses)])
        audit.record(
            actor,
            "curriculum.uploaded",
            cur,
            after={
                "provider": provider.name,
                "framework": f"{fw.key} v{fw.version}",
                "qualification": qual.code,
                "revision": cur.revision,
                "sessions": sequence,
                "via": via,
            },
        )
    return cur


def design_task(
    user: Any,
    qualification: Qualification,
    title: str,
    aim: str,
    word_limit: int | None,
    criteria: list[tuple[ContentArea | None, str]],
) -> AssessmentTask:
    """A lead provider's own assessment task for a qualification of the framework version in
    effect today, where that version sets no task: its criteria are written against the version's
    content areas for the qualification, numbered after them (``3.1``, ``3.2``) and marked as the
    provider's wording, not the Department's."""
    provider_id = getattr(user, "lead_provider_id", None)
    if getattr(user, "role", None) != "lead_provider" or provider_id is None:
        raise PermissionDenied(f"{getattr(user, 'email', user)} cannot design assessment tasks")
    choice = versions.version_in_effect(qualification.course, clock.today()) if qualification.course else None
    if choice is None or choice.version is None or choice.version.id != qualification.framework_id:
        raise ValidationFailed(
            f"{qualification.name} of {versions.name_of(qualification.framework)} is not in effect: "
            "design tasks for the version participants follow now",
            field="qualification",
        )
    if qualification.tasks.filter(lead_provider__isnull=True).exists():
        raise ValidationFailed(f"{versions.name_of(qualification.framework)} sets its own tasks", field="qualification")
    numbered = {a.pk: n for n, a in versions.numbered_areas(qualification)}
    strays = [a for a, _ in criteria if a is not None and a.pk not in numbered]
    if strays:
        raise ValidationFailed(
            f"Content area {strays[0].name} is not one of {qualification.name}'s in this version", field="criteria"
        )
    rows = [rules.CriterionDraft(numbered[a.pk] if a else None, text) for a, text in criteria]
    problems = rules.task_design_problems(title, aim, word_limit, rows)
    if problems or word_limit is None:  # the rules report a missing word limit
        raise ValidationFailed(problems[0][1], field=problems[0][0])
    kept = [(a, text.strip()) for a, text in criteria if a is not None]
    key = slugify(title)[:60] or "task"
    with transaction.atomic():
        LeadProvider.objects.select_for_update().get(pk=provider_id)
        mine = AssessmentTask.objects.filter(qualification=qualification, lead_provider_id=provider_id)
        if mine.filter(key=key).exists():
            raise Conflict(f"You already have a {qualification.name} task called {title.strip()}", field="title")
        task = AssessmentTask.objects.create(
            framework_id=qualification.framework_id,
            qualification=qualification,
            lead_provider_id=provider_id,
            key=key,
            title=title.strip(),
            aim=aim.strip(),
            word_limit=word_limit,
            created_by=user,
            created_at=clock.now(),
            position=mine.count(),
        )
        codes = rules.criterion_codes([numbered[a.pk] for a, _ in kept])
        Criterion.objects.bulk_create(
            Criterion(
                framework_id=qualification.framework_id,
                qualification=qualification,
                content_area=area,
                task=task,
                code=code,
                text=text,
                official=False,
                position=i,
            )
            for i, ((area, text), code) in enumerate(zip(kept, codes, strict=True))
        )
        audit.record(
            audit.Actor.person(user),
            "assessment_task.designed",
            task,
            after={
                "qualification": qualification.code,
                "framework": f"{qualification.framework.key} v{qualification.framework.version}",
                "title": task.title,
                "word_limit": task.word_limit,
                "criteria": dict(zip(codes, [text for _, text in kept], strict=True)),
            },
        )
    return task
