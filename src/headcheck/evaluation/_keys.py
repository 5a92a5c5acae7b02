"""Order-preserving integer keys for floating-point scores.

Sorting unsigned integers is faster than sorting floats (no NaN or signed-zero handling, radix
friendly), and an integer key can carry a label bit. :func:`score_keys` maps float32 scores to
``uint32`` and float64 scores to ``uint64`` so that ``a < b`` exactly when
``key(a) < key(b)``; ``-0.0`` and ``0.0`` get the same key (they are equal scores).
:func:`scores_from_keys` inverts it. NaN has no place in an order: callers reject it first.

The mapping: a non-negative float gets its sign bit set; a negative float has all its bits
flipped. :func:`score_keys` writes it as ``bits ^ ((bits >> (w - 1)) | top)`` on the signed
view (an arithmetic shift gives 0 or -1), three passes and one temporary.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = [
    "KEY_DTYPES",
    "float32_exact",
    "key_of",
    "score_keys",
    "score_keys_into",
    "scores_from_keys",
]

KEY_DTYPES: dict[np.dtype[np.floating], np.dtype[np.unsignedinteger]] = {
    np.dtype(np.float32): np.dtype(np.uint32),
    np.dtype(np.float64): np.dtype(np.uint64),
}
_SIGNED: dict[np.dtype[np.floating], np.dtype[np.signedinteger]] = {
    np.dtype(np.float32): np.dtype(np.int32),
    np.dtype(np.float64): np.dtype(np.int64),
}
_UNSIGNED = KEY_DTYPES
_FLOAT: dict[np.dtype[np.signedinteger], np.dtype[np.floating]] = {
    np.dtype(np.int32): np.dtype(np.float32),
    np.dtype(np.int64): np.dtype(np.float64),
}


def _top_bit(unsigned: np.dtype[np.unsignedinteger]) -> np.unsignedinteger:
    return unsigned.type(1) << unsigned.type(8 * unsigned.itemsize - 1)


def score_keys(scores: npt.NDArray[np.floating]) -> npt.NDArray[np.unsignedinteger]:
    """Order-preserving unsigned keys of float32 (→ uint32) or float64 (→ uint64) scores.

    >>> s = np.array([-1.5, -0.0, 0.0, 2.0, -np.inf, np.inf], dtype=np.float32)
    >>> k = score_keys(s)
    >>> k.dtype.name, bool(k[1] == k[2]), np.argsort(k, kind="stable").tolist()
    ('uint32', True, [4, 0, 1, 2, 3, 5])
    """
    signed = _SIGNED.get(scores.dtype)
    if signed is None:
        raise TypeError(f"score_keys takes float32 or float64 scores, not {scores.dtype}")
    width = 8 * signed.itemsize
    bits = np.add(scores, 0.0, dtype=scores.dtype).view(signed)  # -0.0 + 0.0 == +0.0
    flip = np.right_shift(bits, width - 1)  # 0 for +, -1 for - (arithmetic shift)
    np.bitwise_or(flip, signed.type(np.iinfo(signed).min), out=flip)
    np.bitwise_xor(bits, flip, out=bits)
    keys: npt.NDArray[np.unsignedinteger] = bits.view(_UNSIGNED[scores.dtype])
    return keys


def score_keys_into(
    scores: npt.NDArray[np.floating],
    out: npt.NDArray[np.unsignedinteger],
    scratch: npt.NDArray[np.signedinteger],
) -> None:
    """:func:`score_keys` written into ``out`` (whose width gives the key type; ``scores``
    are cast to the float of that width), with ``scratch`` (signed, same size) as the one
    temporary: no allocation, for blockwise loops.

    >>> out, scratch = np.empty(2, np.uint32), np.empty(2, np.int32)
    >>> score_keys_into(np.array([-0.0, 1.0]), out, scratch)
    >>> (out == score_keys(np.array([0.0, 1.0], np.float32))).all()
    np.True_
    """
    signed = scratch.dtype
    width = 8 * signed.itemsize
    np.add(scores, 0.0, out=out.view(_FLOAT[signed]), casting="same_kind")  # -0.0 -> 0.0
    bits = out.view(signed)
    np.right_shift(bits, width - 1, out=scratch)
    np.bitwise_or(scratch, signed.type(np.iinfo(signed).min), out=scratch)
    np.bitwise_xor(bits, scratch, out=bits)


def key_of(value: float, dtype: npt.DTypeLike) -> int:
    """The key of one score of ``dtype`` (float32 or float64), as a Python int.

    >>> key_of(0.0, np.float32) == key_of(-0.0, np.float32) == 2**31
    True
    """
    return int(score_keys(np.array([value], dtype=dtype))[0])


def scores_from_keys(
    keys: npt.NDArray[np.unsignedinteger], dtype: npt.DTypeLike
) -> npt.NDArray[np.floating]:
    """The scores whose :func:`score_keys` are ``keys``.

    >>> s = np.array([-3.25, 0.0, 7.0])
    >>> scores_from_keys(score_keys(s), np.float64).tolist()
    [-3.25, 0.0, 7.0]
    """
    float_type = np.dtype(dtype)
    signed = _SIGNED[float_type]  # type: ignore[index]
    width = 8 * signed.itemsize
    bits = keys.astype(_UNSIGNED[float_type], copy=True).view(signed)  # type: ignore[index]
    # top bit set (a non-negative score): clear it; else flip every bit. The xor mask is
    # ~(bits >> (w - 1)) | top, from an arithmetic shift (-1 where the top bit is set).
    mask = np.right_shift(bits, width - 1)
    np.invert(mask, out=mask)
    np.bitwise_or(mask, signed.type(np.iinfo(signed).min), out=mask)
    np.bitwise_xor(bits, mask, out=bits)
    scores: npt.NDArray[np.floating] = bits.view(float_type)
    return scores


def float32_exact(scores: npt.NDArray[np.float64], block: int = 1 << 18) -> bool:
    """Whether every float64 score is exactly a float32 value (NaN and overflow are not), so
    that the 32-bit keys order them; checked block by block, stopping at the first miss.

    >>> float32_exact(np.array([0.5, -2.0, np.inf])), float32_exact(np.array([0.1]))
    (True, False)
    """
    for start in range(0, scores.size, block):
        chunk = scores[start : start + block]
        with np.errstate(over="ignore"):
            back = chunk.astype(np.float32).astype(np.float64)
        if not np.array_equal(back, chunk):
            return False
    return True
