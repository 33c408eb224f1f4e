"""Pure-Python wheels of the engine's runtime dependencies, for the browser.

Pyodide's npm package ships no package wheels (those normally come from a
CDN, which the site must not use), so they are fetched once into a cache
folder with pip and reused by every build: a site built after set-up needs
no network. MarkupSafe publishes no pure wheel, so it is built from source
with its C speed-up disabled.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from plangen.engine.errors import PlangenError

# name -> version; what the browser runs. Keep in step with the engine's needs.
PINS: dict[str, str] = {
    "jinja2": "3.1.6",
    "markupsafe": "3.0.3",
    "markdown": "3.10.2",
}
BUILT_FROM_SOURCE = {"markupsafe"}


class WheelFetchError(PlangenError):
    """pip could not provide a pure wheel."""


def _normal(name: str) -> str:
    return name.lower().replace("-", "_")


def find_wheel(folder: Path, name: str, version: str) -> Path | None:
    """The pure wheel of ``name==version`` in ``folder``, if present."""
    for path in folder.glob("*.whl"):
        parts = path.name.split("-")
        if _normal(parts[0]) == _normal(name) and parts[1] == version and path.name.endswith("-none-any.whl"):
            return path
    return None


def _pip(args: list[str], env: dict[str, str]) -> None:
    result = subprocess.run([sys.executable, "-m", "pip", *args], env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise WheelFetchError(f"pip {' '.join(args)} failed:\n{result.stderr.strip()[-2000:]}")


def ensure_dependency_wheels(folder: Path) -> list[Path]:
    """Make sure ``folder`` holds a pure wheel for every pin; return them."""
    folder.mkdir(parents=True, exist_ok=True)
    wheels = []
    for name, version in PINS.items():
        wheel = find_wheel(folder, name, version)
        if wheel is None:
            env = dict(os.environ, PIP_DISABLE_PIP_VERSION_CHECK="1")
            if name in BUILT_FROM_SOURCE:
                # CC=false makes the optional C extension fail to build, and
                # MarkupSafe then falls back to its pure-Python code.
                env["CC"] = "false"
                _pip(["wheel", "--quiet", "--no-deps", "--no-binary", name, "--wheel-dir", str(folder),
                      f"{name}=={version}"], env)
            else:
                _pip(["download", "--quiet", "--no-deps", "--only-binary", ":all:", "--dest", str(folder),
                      f"{name}=={version}"], env)
            wheel = find_wheel(folder, name, version)
            if wheel is None:
                raise WheelFetchError(f"no pure (py3-none-any) wheel of {name}=={version} in {folder}")
        wheels.append(wheel)
    return wheels


def main() -> None:
    """``python -m plangen.site.depwheels FOLDER``: fetch the wheels (set-up step)."""
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else ".cache/browser-wheels")
    for wheel in ensure_dependency_wheels(folder):
        print(wheel)


if __name__ == "__main__":
    main()
