"""plangen keeps installing: building the sdist and the wheel, as a release
does, prints no deprecation warning (setuptools stops supporting deprecated
metadata on announced dates), and the license is an SPDX expression."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tarfile
import zipfile

from conftest import ROOT


def test_building_the_sdist_and_wheel_prints_no_deprecation_warning(tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "src", source / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    result = subprocess.run([sys.executable, "-m", "build", "--sdist", "--wheel", "--outdir", str(tmp_path / "dist"),
                             str(source)], capture_output=True, text=True, timeout=900)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-3000:]
    assert re.findall(r".*deprecat.*", output, re.I) == []
    wheel = next((tmp_path / "dist").glob("plangen-*.whl"))
    metadata = next(name for name in zipfile.ZipFile(wheel).namelist() if name.endswith(".dist-info/METADATA"))
    assert "License-Expression: MIT" in zipfile.ZipFile(wheel).read(metadata).decode().splitlines()
    with tarfile.open(next((tmp_path / "dist").glob("plangen-*.tar.gz"))) as sdist:
        assert any(name.endswith("/pyproject.toml") for name in sdist.getnames())
