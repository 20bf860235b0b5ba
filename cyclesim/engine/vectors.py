"""The vector width the compiled kernels are built for.

LLVM, tuning for the Xeon processors that have 512-bit vectors (AVX-512), prefers 256-bit
ones (its ``prefer-256-bit`` tuning), so the block kernels run 4 runs per instruction
where the processor could run 8. On such a processor cyclesim asks Numba for the host's
own features with that preference off (``NUMBA_CPU_FEATURES``), before Numba builds its
code generator: the kernels then use 512-bit vectors. The numbers stay the same, bit for
bit (the same operations on each run, only more runs per instruction); on the benchmark
machine whole batches ran about 12 % faster (README, speed).

Left alone: a processor without AVX-512; a user who set ``NUMBA_CPU_FEATURES`` or
``NUMBA_CPU_NAME``; ``CYCLESIM_VECTOR_BITS=256``; and a process that imported Numba
before cyclesim's kernels (its code generator may already be built with LLVM's choice).
Workers and the background compile inherit the setting through the environment.
"""

from __future__ import annotations

import os
import sys
from functools import cache

CHOICE = "CYCLESIM_VECTOR_BITS"  # "256" keeps LLVM's default preference
WIDE_TUNING = "-prefer-256-bit"  # LLVM's tuning feature, switched off


@cache
def prefer_wide_vectors() -> str:
    """Ask Numba for 512-bit vectors where the processor has them and nothing else has
    chosen; the features in effect for cyclesim's kernels (part of their cache key):
    ``"host"`` for Numba's own choice."""
    chosen = os.environ.get("NUMBA_CPU_FEATURES")
    if chosen or os.environ.get("NUMBA_CPU_NAME"):
        return chosen or "host"
    if os.environ.get(CHOICE, "512") == "256" or "numba" in sys.modules:
        return "host"
    from llvmlite import binding

    features = binding.get_host_cpu_features()
    if not features.get("avx512f"):
        return "host"
    wide = f"{features.flatten()},{WIDE_TUNING}"
    os.environ["NUMBA_CPU_FEATURES"] = wide
    return wide


def vector_bits() -> int:
    """The widest vectors the kernels are built to prefer: 512 or 256 bits."""
    return 512 if prefer_wide_vectors().endswith(WIDE_TUNING) else 256
