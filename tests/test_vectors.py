"""The vector width of the compiled kernels: chosen once, before Numba builds its code
generator, and never over a user's own choice."""

import subprocess
import sys

import pytest

from cyclesim.engine import available

pytestmark = pytest.mark.skipif(not available(), reason="needs Numba")

PROBE = ("import os, sys; from cyclesim.engine.vectors import prefer_wide_vectors, "
         "vector_bits; pre = sys.argv[1] == 'numba-first'\n"
         "if pre: import numba\n"
         "chosen = prefer_wide_vectors(); print(vector_bits(), "
         "os.environ.get('NUMBA_CPU_FEATURES') == (None if chosen == 'host' else chosen))")


def _probe(env: dict, first: str = "cyclesim") -> tuple[int, bool]:
    out = subprocess.run([sys.executable, "-c", PROBE, first], env=env, check=True,
                         capture_output=True, text=True).stdout.split()
    return int(out[0]), out[1] == "True"


def _host_has_avx512() -> bool:
    from llvmlite import binding
    return bool(binding.get_host_cpu_features().get("avx512f"))


def _clean_env() -> dict:
    import os
    return {k: v for k, v in os.environ.items()
            if k not in ("NUMBA_CPU_FEATURES", "NUMBA_CPU_NAME", "CYCLESIM_VECTOR_BITS")}


def test_wide_vectors_where_the_processor_has_them():
    bits, consistent = _probe(_clean_env())
    assert bits == (512 if _host_has_avx512() else 256)
    assert consistent  # what it reports is what Numba will read


@pytest.mark.parametrize("extra", [{"CYCLESIM_VECTOR_BITS": "256"},
                                   {"NUMBA_CPU_NAME": "generic"},
                                   {"NUMBA_CPU_FEATURES": "+sse2"}])
def test_a_users_choice_is_kept(extra):
    bits, consistent = _probe({**_clean_env(), **extra})
    assert bits == 256 and consistent


def test_numba_imported_first_keeps_its_choice():
    bits, consistent = _probe(_clean_env(), "numba-first")
    assert bits == 256 and consistent
