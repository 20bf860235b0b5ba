"""A Numba compiler pipeline that marks a kernel's array arguments ``noalias``.

LLVM vectorises a loop over runs only when it can prove that the loop's stores do not
overwrite its loads. The block kernels (:mod:`cyclesim.engine.block_source`) read and
write distinct argument arrays, but Numba cannot tell LLVM so (its ``noalias`` flag,
which its own parallel gufuncs set, has no ``@njit`` option); this pipeline sets it. A
kernel compiled with it must never be passed the same array twice.
"""

from __future__ import annotations

from numba.core.compiler import Compiler


class NoAliasCompiler(Compiler):
    """Numba's default pipeline with the ``noalias`` flag on."""

    def __init__(self, typingctx, targetctx, library, args, return_type, flags, locals):
        flags = flags.copy()
        flags.noalias = True
        super().__init__(typingctx, targetctx, library, args, return_type, flags, locals)
