"""Issue 14, "Discoverability": every public function of the package has a signature that
inspect can read (compiled ones included), the stubs of clientele._core agree with the
module (mypy.stubtest), and help(clientele.rfm) says which inputs, units and formats it
takes. Each test failed on the main of 2026-12-04 (64d7d2d)."""
from __future__ import annotations

import doctest
import inspect
import os
import pathlib
import subprocess
import sys

import clientele
import clientele._core as core

HERE = pathlib.Path(__file__).resolve().parent


def _public_functions():
    """(name, callable) for every public function and method the package exports."""
    for name in clientele.__all__:
        value = getattr(clientele, name)
        if inspect.isclass(value):
            if issubclass(value, BaseException):
                continue
            for member in dir(value):  # with the mixins' methods, not int's or Enum's
                owner = next((c for c in value.__mro__ if member in vars(c)), object)
                attribute = getattr(value, member)
                if (not member.startswith("_") and owner.__module__.startswith("clientele")
                        and callable(attribute) and not inspect.isclass(attribute)):
                    yield f"{name}.{member}", attribute
        elif callable(value):
            yield name, value


def _compiled_functions():
    for name, value in vars(core).items():
        if inspect.isclass(value):
            for member, attribute in vars(value).items():
                if callable(attribute) and not member.startswith("_pybind11"):
                    yield f"_core.{name}.{member}", getattr(value, member)
        elif callable(value):
            yield f"_core.{name}", value


def test_every_public_function_has_a_signature():
    found = list(_public_functions())
    assert len(found) > 80  # the Database methods are among them
    failures = []
    for name, function in found:
        try:
            inspect.signature(function)
        except (ValueError, TypeError) as e:
            failures.append(f"{name}: {e}")
    assert not failures, failures


def test_compiled_functions_have_their_argument_names(tmp_path):
    failures = []
    for name, function in _compiled_functions():
        try:
            parameters = list(inspect.signature(function).parameters)
        except (ValueError, TypeError) as e:
            failures.append(f"{name}: {e}")
            continue
        unnamed = [p for p in parameters if p.startswith("arg")]
        if unnamed:
            failures.append(f"{name}: unnamed {unnamed}")
    assert not failures, failures
    phone = inspect.signature(clientele.normalize_phone)
    assert list(phone.parameters) == ["phone", "default_region"]
    assert phone.parameters["default_region"].default == "CN"
    # On an instance the bound method drops only self.
    with clientele.Database(tmp_path / "s.db", create=True) as db:
        listing = inspect.signature(db._core.list_customers)
        assert list(listing.parameters) == ["filter", "limit", "after"]
        assert listing.parameters["limit"].default == 100
    opened = inspect.signature(core.Database)
    assert opened.parameters["create"].kind is inspect.Parameter.KEYWORD_ONLY


def test_stubs_match_the_compiled_module(tmp_path):
    # The stubs are python/clientele/_core.pyi, copied next to the module by the build.
    package = pathlib.Path(core.__file__).parent
    assert (package / "_core.pyi").is_file()
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(package.parent), os.environ.get("PYTHONPATH", "")]))
    run = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "clientele._core",
         "--mypy-config-file", str(HERE / "stubtest_mypy.ini"),
         "--allowlist", str(HERE / "stubtest_allowlist.txt")],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Success" in run.stdout


def test_help_of_rfm_says_inputs_units_formats_and_gives_an_example():
    doc = inspect.getdoc(clientele.rfm)
    for section in ("Parameters", "Returns", "Examples"):
        assert f"{section}\n---" in doc
    for needed in ("time_unit", '"ms"', "ISO 8601", "%d/%m/%Y", "day-first", "currency units",
                   "UTC", "recency_days (int64, days)", ">>> clientele.rfm("):
        assert needed in doc, needed


def test_analyst_functions_document_inputs_and_their_examples_run():
    for function in (clientele.rfm, clientele.lifecycle, clientele.stage_history, clientele.stage_transitions,
                     clientele.new_vs_returning, clientele.dedupe):
        doc = inspect.getdoc(function)
        for section in ("Parameters", "Returns", "Examples"):
            assert f"{section}\n---" in doc, (function.__name__, section)
        runner = doctest.DocTestRunner()
        tests = doctest.DocTestFinder().find(function, function.__name__, globs={})
        for test in tests:
            runner.run(test)
        result = runner.summarize(verbose=False)
        assert result.attempted >= 3 and result.failed == 0, function.__name__
