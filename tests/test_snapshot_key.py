"""The snapshot's key follows every runtime file's bytes, also when a warm
build takes their digests from what the last build remembered."""

import os

from plangen.site.known_digests import KnownDigests
from plangen.site.snapshot import snapshot_key

LONG_AGO = 946684800


def _runtime(folder, wasm: bytes):
    folder.mkdir(exist_ok=True)
    for name, data in (("pyodide.asm.wasm", wasm), ("python_stdlib.zip", b"stdlib " * 100)):
        (folder / name).write_bytes(data)
        os.utime(folder / name, (LONG_AGO, LONG_AGO))
    (folder / "pyodide.asm.wasm.br").write_bytes(b"a compressed copy, never part of the key")
    return folder


def _key_remembered(runtime, store) -> str:
    """The key as a build takes it, leaving the runtime's digests in ``store`` for the next."""
    known = KnownDigests(store)
    key = snapshot_key(runtime, b"bundle", known)
    known.save()
    return key


def test_the_key_with_remembered_digests_is_the_key_without(tmp_path):
    runtime = _runtime(tmp_path / "runtime", b"wasm " * 100)
    store = tmp_path / "digests.pickle"
    first = _key_remembered(runtime, store)
    assert snapshot_key(runtime, b"bundle", KnownDigests(store)) == first == snapshot_key(runtime, b"bundle")


def test_a_runtime_file_edited_to_bytes_of_the_same_size_changes_the_remembered_key(tmp_path):
    runtime = _runtime(tmp_path / "runtime", b"wasm " * 100)
    store = tmp_path / "digests.pickle"
    first = _key_remembered(runtime, store)
    with open(runtime / "pyodide.asm.wasm", "r+b") as edited:  # same inode and size, dated now
        edited.write(b"WASM ")
    assert snapshot_key(runtime, b"bundle", KnownDigests(store)) != first


def test_the_bundle_is_part_of_the_key(tmp_path):
    runtime = _runtime(tmp_path / "runtime", b"wasm " * 100)
    assert snapshot_key(runtime, b"one bundle") != snapshot_key(runtime, b"another")
