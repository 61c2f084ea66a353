"""Reading uploaded CSV files: encoding, header and line numbers, with messages a person can act on."""

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from npq.core.errors import ValidationFailed

MAX_BYTES = 200 * 1024 * 1024


class ImportFileError(ValidationFailed):
    """The file as a whole cannot be imported: nothing is stored."""

    code = "import_file_invalid"


@dataclass(frozen=True)
class Rejection:
    line: int
    column: str
    reason: str

    def as_dict(self) -> dict[str, object]:
        return {"line": self.line, "column": self.column, "reason": self.reason}


@dataclass
class CsvFile:
    name: str
    encoding: str
    header: list[str]
    text: str
    ignored_columns: list[str] = field(default_factory=list)

    def rows(self) -> Iterator[tuple[int, dict[str, str]]]:
        """(line number in the file, row) for each data row; ragged rows are padded with ''."""
        reader = csv.reader(io.StringIO(self.text, newline=""))
        next(reader, None)
        width = len(self.header)
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            padded = row + [""] * (width - len(row))
            yield reader.line_num, {self.header[i]: padded[i].strip() for i in range(width)}


def decode(raw: bytes, name: str) -> tuple[str, str]:
    """UTF-8 (with or without BOM) first, then Windows-1252, as GIAS exports use."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8"), "utf-8-sig"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252"), "windows-1252"
    except UnicodeDecodeError as error:
        raise ImportFileError(
            f"{name}: cannot read the file as UTF-8 or Windows-1252 (byte 0x{raw[error.start]:02x} at position "
            f"{error.start}). Save it as CSV (UTF-8) and try again."
        ) from error


def open_csv(path: Path, required: list[str], known: list[str] | None = None) -> CsvFile:
    """Read and check a CSV file: it exists, has rows, and has every required column."""
    name = path.name
    if not path.is_file():
        raise ImportFileError(f"{path}: no such file")
    if path.stat().st_size > MAX_BYTES:
        raise ImportFileError(f"{name}: the file is larger than {MAX_BYTES // (1024 * 1024)} MB")
    text, encoding = decode(path.read_bytes(), name)
    if "\x00" in text:
        raise ImportFileError(f"{name}: this is not a CSV file (it contains binary data)")
    first = next(csv.reader(io.StringIO(text, newline="")), None)
    if not first or not any(cell.strip() for cell in first):
        raise ImportFileError(f"{name}: the file is empty")
    header = [cell.strip() for cell in first]
    duplicates = sorted({h for h in header if h and header.count(h) > 1})
    if duplicates:
        raise ImportFileError(f"{name}, line 1: column {', '.join(duplicates)} appears more than once")
    missing = [column for column in required if column not in header]
    if missing:
        raise ImportFileError(
            f"{name}, line 1: missing required column{'s' if len(missing) > 1 else ''} {', '.join(missing)}. "
            f"The columns found were: {', '.join(header[:12])}{' ...' if len(header) > 12 else ''}"
        )
    ignored = [h for h in header if known is not None and h not in known]
    csv_file = CsvFile(name=name, encoding=encoding, header=header, text=text, ignored_columns=ignored)
    if not any(True for _ in csv_file.rows()):
        raise ImportFileError(f"{name}: the file has a header but no rows")
    return csv_file
