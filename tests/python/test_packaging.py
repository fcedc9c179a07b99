"""`pip install .` builds and installs a working package (slow: compiles the whole core).

Run with `pytest --run-slow tests/python/test_packaging.py` (or CLIENTELE_RUN_SLOW=1).
"""
from __future__ import annotations

import os
import pathlib
import subprocess
import sys
import venv

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]

SCRIPT = r"""
import os, sys, tempfile, pathlib
import clientele
assert "site-packages" in clientele.__file__, clientele.__file__
assert pathlib.Path(clientele.__file__).with_name("py.typed").exists()
assert pathlib.Path(clientele.__file__).with_name("_core.pyi").exists()
with clientele.Database(os.path.join(tempfile.mkdtemp(), "s.db"), create=True) as db:
    c = db.create_customer(given_name="伟", family_name="张", emails=[{"address": "A@B.cn"}])
    assert db.find_by_email("a@b.cn")[0]["id"] == c["id"]
    frame = db.list_customers().to_pandas()
    assert str(frame["created_at"].dtype) == "datetime64[ns, UTC]"
    try:
        db.get_customer("missing")
    except clientele.NotFoundError:
        pass
print("ok", clientele.__version__)
"""


@pytest.mark.slow
def test_pip_install_builds_an_importable_package(tmp_path):
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", str(ROOT)],
                   check=True, env=env, cwd=tmp_path, timeout=3600)
    out = subprocess.run([str(python), "-c", SCRIPT], check=True, env=env, cwd=tmp_path,
                         capture_output=True, text=True, timeout=300)
    assert out.stdout.startswith("ok ")
    version = subprocess.run([str(python), "-m", "pip", "show", "clientele"], check=True, env=env,
                             capture_output=True, text=True).stdout
    assert "Name: clientele" in version
    assert sys.version_info >= (3, 10)
