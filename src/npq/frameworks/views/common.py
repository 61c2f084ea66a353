"""Helpers shared by the frameworks pages."""

from django.core.files.uploadedfile import UploadedFile

from npq.core.roles import Role
from npq.frameworks.yamllines import Problem

MAX_UPLOAD_BYTES = 1_000_000
READERS = (Role.DFE_ADMIN, Role.LEAD_PROVIDER, Role.INSPECTOR, Role.ASSESSOR, Role.DELIVERY_PARTNER)


def read_upload(upload: "UploadedFile[bytes] | None") -> tuple[str, str, list[dict[str, str]]]:
    """Text and name of an uploaded YAML file, or GOV.UK errors for the file field."""
    if upload is None:
        return "", "", [{"text": "Select a YAML file", "href": "#file"}]
    if upload.size and upload.size > MAX_UPLOAD_BYTES:
        return "", "", [{"text": "The selected file must be smaller than 1MB", "href": "#file"}]
    try:
        text = upload.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        return "", "", [{"text": "The selected file must be UTF-8 text (YAML)", "href": "#file"}]
    return text, upload.name or "upload.yaml", []


def problem_errors(problems: list[Problem]) -> list[dict[str, str]]:
    return [{"text": f"Line {p.line}, {p.field}: {p.message}", "href": "#file"} for p in problems]
