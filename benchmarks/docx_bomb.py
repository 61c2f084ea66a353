"""A .docx zip bomb uploaded through the real submission page: how fast is it refused, at what memory?

Builds a Word document of about 3 MB whose ``word/document.xml`` inflates past 1 GB (plus an
incompressible picture, as a real document has), signs in as a participant of a cohort with an
open assessment window, and posts it to ``/assessment/windows/<id>/submit`` with Django's test
client, so the page, the form, the service and the extraction all run in this process. It prints
the time to the refusal and this (serving) process's peak memory, beside a floor: a valid
one-paragraph .docx through the same page.

    .venv/bin/python benchmarks/docx_bomb.py                 # 3 MB inflating to 1,100 MB
    .venv/bin/python benchmarks/docx_bomb.py --inflate-mb 30  # the small run in tests
"""

import argparse
import atexit
import gc
import io
import os
import re
import subprocess  # noqa: S404 - the serving process is this script
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_env  # noqa: E402

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)


def build_bomb(inflate_mb: int, picture_mb: int) -> bytes:
    """One paragraph of ``inflate_mb`` MB of spaces, which deflate packs about 1,000 to 1; streamed
    into the zip a megabyte at a time, so building it costs no memory of note."""
    chunk = b" " * (1024 * 1024)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t xml:space="preserve">lol'.encode())
            for _ in range(inflate_mb):
                part.write(chunk)
            part.write(b"</w:t></w:r></w:p></w:body></w:document>")
        archive.writestr("word/media/image1.png", os.urandom(picture_mb * 1024 * 1024))
    return buffer.getvalue()


def participant_and_window() -> tuple[object, object]:
    from django.test import override_settings
    from tests.factories import build_world, full_attendance

    from npq.core.audit import Actor
    from npq.reference.loading import load_reference

    load_reference(Actor.command("bench"))
    # The world's staff are given passwords; nobody signs in with one here (the serving process logs the
    # participant in directly), so they are hashed with MD5, as in tests: argon2 took 3 s of the set-up.
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        world = build_world(participants=1, sample_percent=100)
    full_attendance(world)
    return world.participants[0], world.window


def peak_mb() -> float:
    """This process's peak resident memory. ru_maxrss is kept across exec (so a child started by a
    big parent reports the parent's peak); VmHWM belongs to this process's own address space."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return bench_env.peak_rss_mb()


def serve(folder: Path) -> None:
    """The serving process: a fresh Python that only starts Django and takes the two uploads, so its
    peak memory is the worker's, not the set-up's."""
    import django

    sys.path.insert(0, str(bench_env.ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "npq.settings")
    django.setup()  # no migrate here: the parent did it, and loading migrations costs 100 MB
    atexit.register(gc.freeze)  # as bench_env.start: no collections over every object at exit
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from npq.people.models import User

    person_id, window_id = (folder / "ids").read_text().split()
    client = Client()
    client.force_login(User.objects.get(pk=person_id))
    url = f"/assessment/windows/{window_id}/submit"

    def post(name: str, data: bytes) -> tuple[float, int, str]:
        started = time.perf_counter()
        response = client.post(url, {"document": SimpleUploadedFile(name, data)})
        elapsed = time.perf_counter() - started
        found = re.search(r'govuk-error-summary__list">\s*<li>\s*<a[^>]*>([^<]*)', response.content.decode())
        return elapsed, response.status_code, found.group(1).strip() if found else ""

    before = peak_mb()
    # A worker has compiled its templates after its first pages: so has this one before timing.
    post("warm.html", b"warm up")
    floor_refused, _, _ = post("notes.html", b"<p>not a document</p>")
    print(f"floor: a .html file refused through the same page in {floor_refused:.2f} s")
    floor, floor_status, _ = post("account.docx", (folder / "valid.docx").read_bytes())
    print(f"floor: a valid one-paragraph .docx through the same page in {floor:.2f} s (status {floor_status})")
    if os.environ.get("NPQ_BENCH_PROFILE"):
        import cProfile

        cProfile.runctx(
            "post('account.docx', (folder / 'bomb.docx').read_bytes())", globals(), locals(), sort="cumtime"
        )
    elapsed, status, message = post("account.docx", (folder / "bomb.docx").read_bytes())
    peak = peak_mb()
    print(f"refused in {elapsed:.2f} s (target under 2 s): status {status}, {message!r}")
    print(f"serving process peak memory: {peak:.0f} MB ({before:.0f} MB after starting Django; target under 200 MB)")
    if status != 400 or elapsed > 2 or peak > 200:
        print("TARGET MISSED")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--inflate-mb", type=int, default=1100)
    parser.add_argument("--picture-mb", type=int, default=2)
    parser.add_argument("--serve", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve)
        return
    print(f"database: {bench_env.start('docx-bomb')}; load: {os.getloadavg()[0]:.1f}")
    sys.path.insert(0, str(bench_env.ROOT))  # the documents and the world the assessment tests build
    from tests.assessment.documents import make_docx

    began = time.perf_counter()
    bomb = build_bomb(args.inflate_mb, args.picture_mb)
    with zipfile.ZipFile(io.BytesIO(bomb)) as archive:
        inflated = sum(entry.file_size for entry in archive.infolist())
    print(
        f"bomb: {len(bomb) / 2**20:.1f} MB .docx inflating to {inflated / 2**20:,.0f} MB "
        f"(built in {time.perf_counter() - began:.1f} s)"
    )
    person, window = participant_and_window()
    with tempfile.TemporaryDirectory(prefix="npq-docx-bomb-") as name:
        folder = Path(name)
        (folder / "bomb.docx").write_bytes(bomb)
        (folder / "valid.docx").write_bytes(make_docx("A short written account of the project"))
        (folder / "ids").write_text(f"{person.pk} {window.pk}")  # type: ignore[attr-defined]
        served = subprocess.run(  # noqa: S603 - this script, fixed arguments
            [sys.executable, __file__, "--serve", str(folder)], env=os.environ, check=True
        )
    if served.returncode:
        raise SystemExit(served.returncode)


if __name__ == "__main__":
    main()
