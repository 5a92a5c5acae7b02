"""Just enough of the protobuf wire format to read ``keras_metadata.pb`` as data.

``keras_metadata.pb`` is a ``SavedMetadata`` message: ``repeated SavedObject nodes = 1``,
each with ``string node_path = 3`` and ``string metadata = 5`` (a JSON text). Reading it
needs varints and length-delimited fields only; no generated code and no protobuf runtime.

>>> entry = bytes([0x1A, 4]) + b"root" + bytes([0x2A, 2]) + b"{}"
>>> saved_model_root(bytes([0x0A, len(entry)]) + entry)
'{}'
"""

from __future__ import annotations

from collections.abc import Iterator

from headcheck._errors import InputError

__all__ = ["saved_model_root"]


def _varint(data: bytes, i: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        if i >= len(data) or shift > 63:
            raise InputError("keras_metadata.pb is truncated or not a protobuf message")
        byte = data[i]
        i += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, i


def _fields(data: bytes) -> Iterator[tuple[int, int | bytes]]:
    i = 0
    while i < len(data):
        key, i = _varint(data, i)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, i = _varint(data, i)
            yield number, value
        elif wire == 2:
            size, i = _varint(data, i)
            if i + size > len(data):
                raise InputError("keras_metadata.pb is truncated")
            yield number, data[i : i + size]
            i += size
        elif wire == 1:
            i += 8
        elif wire == 5:
            i += 4
        else:
            raise InputError(f"keras_metadata.pb uses an unsupported wire type {wire}")


def saved_model_root(data: bytes) -> str | None:
    """The JSON metadata of the node whose path is ``root`` (the model itself)."""
    for number, node in _fields(data):
        if number != 1 or not isinstance(node, bytes):
            continue
        path = metadata = None
        for field, value in _fields(node):
            if field == 3 and isinstance(value, bytes):
                path = value
            elif field == 5 and isinstance(value, bytes):
                metadata = value
        if path == b"root" and metadata is not None:
            return metadata.decode("utf-8", errors="replace")
    return None
