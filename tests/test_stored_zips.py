"""A stored copy of a zip is cached by the zip's bytes: a zip left alone is
not read again to find its copy, and one edited in place, even to the same
size, gets a copy of its new entries."""

import io
import os
import pathlib
import zipfile

from plangen.site.storedzip import stored_copy

LONG_AGO = 946684800  # 2000-01-01: a zip left alone since, like the compiled standard library


def _zip_bytes(text: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("module.py", date_time=(1980, 1, 1, 0, 0, 0)), text)
    return buffer.getvalue()


def _old_zip(path: pathlib.Path, text: bytes) -> pathlib.Path:
    path.write_bytes(_zip_bytes(text))
    os.utime(path, (LONG_AGO, LONG_AGO))
    return path


def test_a_zip_left_alone_is_not_read_again_to_find_its_copy(tmp_path, monkeypatch):
    source = _old_zip(tmp_path / "python_stdlib.zip", b"x = 1\n" * 100)
    first = stored_copy(source, tmp_path / "stored")
    real = pathlib.Path.read_bytes

    def refuse(path):
        assert path != source, "read the unchanged zip again"
        return real(path)

    monkeypatch.setattr(pathlib.Path, "read_bytes", refuse)
    assert stored_copy(source, tmp_path / "stored") == first


def test_a_zip_edited_in_place_to_the_same_size_gets_a_copy_of_its_new_entries(tmp_path):
    source = _old_zip(tmp_path / "python_stdlib.zip", b"x = 1\n" * 100)
    stored_copy(source, tmp_path / "stored")
    edited = _zip_bytes(b"x = 2\n" * 100)
    assert len(edited) == source.stat().st_size  # only the bytes tell the two apart
    with open(source, "r+b") as file:  # same inode, dated now
        file.write(edited)
    with zipfile.ZipFile(stored_copy(source, tmp_path / "stored")) as copy:
        assert copy.read("module.py") == b"x = 2\n" * 100
        assert copy.getinfo("module.py").compress_type == zipfile.ZIP_STORED
