"""A file's sha256 is taken from what the last build remembered only while
its stat (device, inode, size, modification time) is the same; any edit or
replacement is hashed again, and a file just written is never remembered."""

import hashlib
import os

from plangen.site import known_digests
from plangen.site.known_digests import KnownDigests

LONG_AGO = 946684800  # 2000-01-01: a file left alone since, like the runtime's


def _old_file(path, data: bytes):
    path.write_bytes(data)
    os.utime(path, (LONG_AGO, LONG_AGO))
    return path


def _remembered(store, path) -> str:
    digests = KnownDigests(store)
    digest = digests.sha256(path)
    digests.save()
    return digest


def test_a_file_left_alone_is_not_read_again(tmp_path, monkeypatch):
    store = tmp_path / "digests.pickle"
    runtime = _old_file(tmp_path / "runtime.wasm", b"the runtime " * 1000)
    expected = hashlib.sha256(runtime.read_bytes()).hexdigest()
    assert _remembered(store, runtime) == expected
    monkeypatch.setattr(known_digests.hashlib, "sha256", None)  # any hashing now fails
    assert KnownDigests(store).sha256(runtime) == expected


def test_a_file_edited_in_place_to_bytes_of_the_same_size_is_hashed_again(tmp_path):
    store = tmp_path / "digests.pickle"
    runtime = _old_file(tmp_path / "runtime.wasm", b"first  " * 1000)
    _remembered(store, runtime)
    with open(runtime, "r+b") as edited:  # same inode, same size, dated now
        edited.write(b"second ")
    assert KnownDigests(store).sha256(runtime) == hashlib.sha256(runtime.read_bytes()).hexdigest()


def test_a_file_replaced_by_one_of_the_same_size_and_date_is_hashed_again(tmp_path):
    store = tmp_path / "digests.pickle"
    runtime = _old_file(tmp_path / "runtime.wasm", b"first  " * 1000)
    _remembered(store, runtime)
    # A new file put in its place (a reinstall): the old one still exists while it is written,
    # so the new one has an inode of its own, though it has the same size and date.
    staging = _old_file(tmp_path / "staging", b"second " * 1000)
    os.replace(staging, runtime)
    assert KnownDigests(store).sha256(runtime) == hashlib.sha256(b"second " * 1000).hexdigest()


def test_a_file_just_written_is_not_remembered(tmp_path):
    store = tmp_path / "digests.pickle"
    page = tmp_path / "index.html"
    page.write_bytes(b"<p>written a moment ago</p>")  # a second write this instant would keep its stat
    _remembered(store, page)
    assert not store.exists()
    assert KnownDigests(store).sha256(page) == hashlib.sha256(page.read_bytes()).hexdigest()


def test_only_the_files_of_the_last_run_are_kept(tmp_path):
    store = tmp_path / "digests.pickle"
    gone = _old_file(tmp_path / "gone.whl", b"an old wheel")
    kept = _old_file(tmp_path / "kept.whl", b"the wheel still served")
    _remembered(store, gone)
    _remembered(store, kept)
    again = KnownDigests(store)
    assert len(again._known) == 1  # the store never grows past one site's files


def test_an_unreadable_store_means_every_file_is_hashed(tmp_path):
    store = tmp_path / "digests.pickle"
    store.write_bytes(b"not a pickle")
    runtime = _old_file(tmp_path / "runtime.wasm", b"the runtime " * 1000)
    assert KnownDigests(store).sha256(runtime) == hashlib.sha256(runtime.read_bytes()).hexdigest()
