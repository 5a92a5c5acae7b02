"""Torch's broadcasting rules and the exact messages it raises when shapes do not fit."""

from __future__ import annotations

import numpy as np

from headcheck._errors import FrameworkError
from headcheck.semantics._arrays import FloatArray

__all__ = ["broadcast_shapes", "expand_to", "infer_size", "size"]

Shape = tuple[int, ...]


def size(shape: Shape) -> str:
    """How torch prints a shape: ``torch.Size([2, 1])``.

    >>> size((2, 1))
    'torch.Size([2, 1])'
    """
    return f"torch.Size({list(shape)})"


def broadcast_shapes(*shapes: Shape) -> Shape:
    """``torch.broadcast_shapes`` (used by ``F.binary_cross_entropy`` for ``weight``).

    >>> broadcast_shapes((3, 2), (3,))
    Traceback (most recent call last):
    ...
    headcheck._errors.FrameworkError: torch raises RuntimeError: Attempting to broadcast a \
dimension of length 3 at -1! Mismatching argument at index 1 had torch.Size([3]); but expected \
shape should be broadcastable to [3, 2]
    """
    common = [1] * max(len(shape) for shape in shapes)
    for arg_index, shape in enumerate(shapes):
        for index in range(-1, -1 - len(shape), -1):
            if shape[index] == common[index]:
                continue
            if common[index] == 1:
                common[index] = shape[index]
            if shape[index] != 1 and common[index] != shape[index]:
                raise FrameworkError(
                    "torch",
                    "RuntimeError",
                    f"Attempting to broadcast a dimension of length {shape[index]} at {index}! "
                    f"Mismatching argument at index {arg_index} had {size(shape)}; but expected "
                    f"shape should be broadcastable to {common}",
                )
    return tuple(common)


def infer_size(a: Shape, b: Shape) -> Shape:
    """ATen's ``infer_size`` for an element-wise op on tensors ``a`` and ``b``.

    >>> infer_size((3, 2), (4, 1))
    Traceback (most recent call last):
    ...
    headcheck._errors.FrameworkError: torch raises RuntimeError: The size of tensor a (3) must \
match the size of tensor b (4) at non-singleton dimension 0
    """
    ndim = max(len(a), len(b))
    out = [1] * ndim
    for i in range(ndim - 1, -1, -1):
        offset = ndim - 1 - i
        size_a = a[len(a) - 1 - offset] if len(a) - 1 - offset >= 0 else 1
        size_b = b[len(b) - 1 - offset] if len(b) - 1 - offset >= 0 else 1
        if size_a != size_b and size_a != 1 and size_b != 1:
            raise FrameworkError(
                "torch",
                "RuntimeError",
                f"The size of tensor a ({size_a}) must match the size of tensor b ({size_b}) "
                f"at non-singleton dimension {i}",
            )
        out[i] = size_b if size_a == 1 else size_a
    return tuple(out)


def expand_to(values: FloatArray, shape: Shape) -> FloatArray:
    """An in-place op ``out.mul_(values)`` on ``out`` of ``shape``: ``values`` may not grow it.

    >>> expand_to(np.ones((2, 1)), (3,))
    Traceback (most recent call last):
    ...
    headcheck._errors.FrameworkError: torch raises RuntimeError: output with shape [3] doesn't \
match the broadcast shape [2, 3]
    """
    broadcast = infer_size(shape, values.shape)
    if broadcast != tuple(shape):
        raise FrameworkError(
            "torch",
            "RuntimeError",
            f"output with shape {list(shape)} doesn't match the broadcast shape {list(broadcast)}",
        )
    return np.broadcast_to(values, shape)
