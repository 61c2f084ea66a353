import io

import pytest
from django.core.management import CommandError, call_command

from npq.cli import main
from npq.people.models import User


def test_help_explains_each_command(capsys):
    main(["--help"])
    out = capsys.readouterr().out
    for command in [
        "serve",
        "migrate",
        "load-reference",
        "demo",
        "import schools FILE",
        "import eligibility-list KIND FILE",
        "users create",
    ]:
        assert command in out


@pytest.mark.django_db
def test_users_create_makes_a_provider_user(reference, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("a-long-password\n"))
    out = io.StringIO()
    call_command(
        "users",
        "create",
        "lp@example.org",
        "--name",
        "L P",
        "--role",
        "lead_provider",
        "--provider",
        "Teach First",
        "--password-stdin",
        stdout=out,
    )
    user = User.objects.get(email="lp@example.org")
    assert user.lead_provider.name == "Teach First" and user.check_password("a-long-password")


@pytest.mark.django_db
def test_users_create_explains_an_unknown_provider(reference):
    with pytest.raises(CommandError, match="No lead provider called 'Nobody'"):
        call_command(
            "users", "create", "x@example.org", "--name", "X", "--role", "lead_provider", "--provider", "Nobody"
        )


@pytest.mark.django_db
def test_import_command_prints_a_summary(tmp_path):
    path = tmp_path / "edubase.csv"
    path.write_text("URN,EstablishmentName,EstablishmentStatus (code)\n100001,A School,1\nX,B,1\n")
    out = io.StringIO()
    call_command("import_data", "schools", str(path), "--execute", verbosity=0, stdout=out)
    text = out.getvalue()
    assert "added 1, updated 0, unchanged 0, closed 0, rejected 1" in text
    assert "rejected line 3, column URN" in text


@pytest.mark.django_db
def test_import_command_names_the_problem_with_a_bad_file(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_text("")
    with pytest.raises(CommandError, match="empty.csv: the file is empty"):
        call_command("import_data", "schools", str(path), verbosity=0)


def test_each_serve_has_its_own_gunicorn_control_socket(monkeypatch):
    """Two servers on one machine must not share gunicorn's default ~/.gunicorn/gunicorn.ctl."""
    commands: list[list[str]] = []

    def fake_call(command, env=None):
        commands.append(command)
        return 0

    monkeypatch.setattr("npq.web.management.commands.serve.subprocess.call", fake_call)
    for port in ("8101", "8102"):
        with pytest.raises(SystemExit):
            call_command("serve", "--port", port, stdout=io.StringIO())
    with pytest.raises(SystemExit):
        call_command("serve", "--port", "8103", "--control-socket", "none", stdout=io.StringIO())
    sockets = [c[c.index("--control-socket") + 1] for c in commands[:2]]
    assert len(set(sockets)) == 2
    assert all(s.rsplit("/", 1)[-1] != "gunicorn.ctl" for s in sockets)
    assert "--no-control-socket" in commands[2] and "--control-socket" not in commands[2]


def test_the_wsgi_application_loads_its_urls_and_freezes_start_up_out_of_the_collector():
    """What a gunicorn worker runs on start (issue 19): in a fresh interpreter, not this test process."""
    import subprocess  # noqa: S404 - our own interpreter
    import sys

    check = (
        "import gc, sys; from npq import wsgi; "
        "print('npq.urls' in sys.modules, gc.get_freeze_count() > 100000, gc.get_threshold()[0])"
    )
    out = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, check=True).stdout  # noqa: S603
    assert out.split() == ["True", "True", "50000"]
