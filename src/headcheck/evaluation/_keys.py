"""Order-preserving integer keys for floating-point scores.

Sorting unsigned integers is faster than sorting floats (no NaN or signed-zero handling, radix
friendly), and an integer key can carry a label bit. :func:`score_keys` maps float32 scores to
``uint32`` and float64 scores to ``uint64`` so that ``a < b`` exactly when
``key(a) < key(b)``; ``-0.0`` and ``0.0`` get the same key (they are equal scores).
:func:`scores_from_keys` inverts it. NaN has no place in an order: callers reject it first.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = ["score_keys", "scores_from_keys"]

_UNSIGNED: dict[np.dtype[np.floating], np.dtype[np.unsignedinteger]] = {
    np.dtype(np.float32): np.dtype(np.uint32),
    np.dtype(np.float64): np.dtype(np.uint64),
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
    unsigned = _UNSIGNED.get(scores.dtype)
    if unsigned is None:
        raise TypeError(f"score_keys takes float32 or float64 scores, not {scores.dtype}")
    bits = np.add(scores, 0.0, dtype=scores.dtype).view(unsigned)  # -0.0 + 0.0 == +0.0
    top = _top_bit(unsigned)
    negative = (bits & top) != 0
    keys: npt.NDArray[np.unsignedinteger] = np.where(negative, ~bits, bits | top)
    return keys


def scores_from_keys(
    keys: npt.NDArray[np.unsignedinteger], dtype: npt.DTypeLike
) -> npt.NDArray[np.floating]:
    """The scores whose :func:`score_keys` are ``keys``.

    >>> s = np.array([-3.25, 0.0, 7.0])
    >>> scores_from_keys(score_keys(s), np.float64).tolist()
    [-3.25, 0.0, 7.0]
    """
    float_type = np.dtype(dtype)
    unsigned = _UNSIGNED[float_type]  # type: ignore[index]
    keys = keys.astype(unsigned, copy=False)
    top = _top_bit(unsigned)
    positive = (keys & top) != 0
    bits = np.where(positive, keys & ~top, ~keys)
    scores: npt.NDArray[np.floating] = bits.view(float_type)
    return scores
