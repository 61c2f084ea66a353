"""Every request is capped while it is received: a page for forms, the contract's JSON 413 for the API."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from npq.core import request_size
from tests.conftest import h1

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("env", ["development", "production"])
def test_a_large_json_body_to_the_api_is_a_json_413(settings, env):
    settings.DEBUG = env == "development"
    body = b'{"data": "' + b"x" * (10 * 1024 * 1024) + b'"}'
    response = Client(HTTP_AUTHORIZATION="Bearer not-checked-yet").post(
        "/api/v3/participant-declarations", body, content_type="application/json"
    )
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert response.json()["errors"][0]["title"] == "Request entity too large"


def test_an_upload_over_the_cap_is_refused_with_a_page_before_it_is_read(client, settings, monkeypatch):
    settings.NPQ_MAX_REQUEST_BYTES = 1024 * 1024

    def never(*args, **kwargs):
        raise AssertionError("the body must not be read")

    monkeypatch.setattr(request_size._CountedStream, "read", never)
    response = client.post("/sign-in", {"email": "a@example.org", "file": SimpleUploadedFile("a.pdf", b"x" * 2**21)})
    assert response.status_code == 413
    assert h1(response) == "The file or form you sent is too large"


@pytest.mark.parametrize("path", ["/sign-in", "/api/v3/participant-declarations"])
def test_form_fields_over_the_in_memory_limit_inside_an_upload_are_the_same_413(client, settings, path):
    """Under the upload cap, but with more form text than Django keeps in memory: one refusal, one body."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    response = client.post(path, {"email": "x" * 4096, "file": SimpleUploadedFile("a.pdf", b"%PDF-1.4")})
    assert response.status_code == 413
    if path.startswith("/api/"):
        assert response.json() == {
            "errors": [{"title": "Request entity too large", "detail": "The request must be 27MB or less"}]
        }
    else:
        assert h1(response) == "The file or form you sent is too large"


def test_an_unreadable_upload_is_a_400_not_an_error(client):
    body = b'--b\r\nContent-Disposition: form-data; name="x"\r\n\r\nunterminated'
    response = client.post("/sign-in", body, content_type="multipart/form-data; boundary=")
    assert response.status_code == 400


def test_bytes_beyond_the_cap_are_cut_off_as_they_stream():
    stream = request_size._CountedStream(io.BytesIO(b"x" * 5000), limit=4096)
    assert len(stream.read(4096)) == 4096
    with pytest.raises(request_size.RequestTooLarge):
        stream.read(1000)


def test_a_form_under_the_cap_is_unaffected(client):
    assert Client().get("/sign-in").status_code == 200
    response = client.post("/sign-in", {"email": "nobody@example.org", "password": "wrong"})
    assert response.status_code == 400 and h1(response) == "Sign in"


def test_the_counted_stream_behaves_as_the_stream_it_wraps():
    stream = request_size._CountedStream(io.BytesIO(b"line one\nline two\n"), limit=100)
    assert list(stream) == [b"line one\n", b"line two\n"]
    stream.close()
    assert stream.closed
