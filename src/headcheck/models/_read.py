"""Reading saved Keras models as data: ``.keras`` archives, ``.h5`` files, SavedModel folders.

* ``.keras`` (Keras 3 and tf-keras ≥ 2.13): a zip archive; ``config.json`` holds the model
  and its ``compile_config``, ``metadata.json`` the Keras version. Both are parsed with
  :func:`json.loads`; ``model.weights.h5`` is never opened.
* ``.h5``/``.hdf5`` (Keras 2 and Keras 3's legacy format): the root group's attributes
  ``model_config``, ``training_config``, ``keras_version`` and ``backend`` (JSON strings),
  read with h5py (the optional extra ``headcheck[h5]``). Datasets are never read, and h5py
  never unpickles: an attribute that is not text is ignored.
* a SavedModel folder written by tf.keras/tf-keras: its ``keras_metadata.pb`` (a protobuf of
  JSON strings), decoded by :mod:`headcheck.models._protobuf` without protobuf's runtime.

Nothing is ever deserialised into code: no layer is built, Lambda bodies stay bytes in the
JSON, and ``keras.models.load_model`` is never called.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any, Final

from headcheck._errors import InputError
from headcheck.models._config import ModelConfig
from headcheck.models._protobuf import saved_model_root

__all__ = ["MODEL_SUFFIXES", "is_model_path", "read_config"]

MODEL_SUFFIXES: Final = (".keras", ".h5", ".hdf5")
_MAX_JSON: Final = 64 * 1024 * 1024


def is_model_path(path: Path) -> bool:
    """A ``.keras``/``.h5``/``.hdf5`` file, or a SavedModel folder (``saved_model.pb``)."""
    if path.is_dir():
        return (path / "saved_model.pb").is_file() or (path / "keras_metadata.pb").is_file()
    return path.suffix.lower() in MODEL_SUFFIXES


def _json(text: str | bytes, what: str) -> Any:
    try:
        return json.loads(text)
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputError(f"{what} is not valid JSON ({exc})") from None


def _read_keras(path: Path) -> ModelConfig:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "config.json" not in names:
                raise InputError(
                    "this .keras archive has no config.json; it is not a Keras model file"
                )
            info = archive.getinfo("config.json")
            if info.file_size > _MAX_JSON:
                raise InputError("config.json is larger than 64 MiB; refusing to read it")
            config = _json(archive.read("config.json"), "config.json")
            meta: Any = {}
            if "metadata.json" in names:
                meta = _json(archive.read("metadata.json"), "metadata.json")
    except zipfile.BadZipFile as exc:
        raise InputError(f"not a .keras archive (zip): {exc}") from None
    if not isinstance(config, dict):
        raise InputError("config.json does not hold a model configuration")
    compiled = config.get("compile_config")
    version = meta.get("keras_version") if isinstance(meta, dict) else None
    return ModelConfig(
        config, compiled if isinstance(compiled, dict) else None, _text(version), None
    )


def _text(value: Any) -> str | None:
    if isinstance(value, bytes):
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            return None
    return value if isinstance(value, str) else None


def _read_h5(path: Path) -> ModelConfig:
    try:
        import h5py
    except ImportError:  # pragma: no cover - h5py is a test dependency
        raise InputError("reading .h5 models needs h5py: pip install 'headcheck[h5]'") from None
    try:
        with h5py.File(path, "r") as handle:
            attrs: dict[str, str | None] = {}
            for key in ("model_config", "training_config", "keras_version", "backend"):
                if key in handle.attrs:
                    attrs[key] = _text(handle.attrs.get(key))
    except OSError as exc:
        raise InputError(f"not a readable HDF5 file: {exc}") from None
    model_text = attrs.get("model_config")
    if not model_text:
        raise InputError(
            "this HDF5 file has no model_config attribute: it holds weights only (save_weights) "
            "or is not a Keras model; save the whole model with model.save('model.keras')"
        )
    model = _json(model_text, "model_config")
    training_text = attrs.get("training_config")
    training = _json(training_text, "training_config") if training_text else None
    if not isinstance(model, dict):
        raise InputError("model_config does not hold a model configuration")
    return ModelConfig(
        model,
        training if isinstance(training, dict) else None,
        attrs.get("keras_version"),
        attrs.get("backend"),
    )


def _read_saved_model(path: Path) -> ModelConfig:
    metadata = path / "keras_metadata.pb"
    if not metadata.is_file():
        raise InputError(
            "this SavedModel folder has no Keras metadata (keras_metadata.pb): it was written by "
            "tf.saved_model.save or Keras 3's model.export, which keep the computation graph "
            "but not the layers, loss and metrics; check the .keras file it was exported from"
        )
    root = saved_model_root(metadata.read_bytes())
    if root is None:
        raise InputError("keras_metadata.pb holds no root model entry")
    data = _json(root, "keras_metadata.pb root entry")
    if not isinstance(data, dict):
        raise InputError("keras_metadata.pb's root entry is not a model description")
    model = {"class_name": data.get("class_name"), "config": data.get("config") or {}}
    training = data.get("training_config")
    return ModelConfig(
        model,
        training if isinstance(training, dict) else None,
        _text(data.get("keras_version")),
        _text(data.get("backend")),
    )


def read_config(path: Path) -> ModelConfig:
    """The configuration of the model saved at ``path``; :class:`InputError` if unreadable."""
    if path.is_dir():
        return _read_saved_model(path)
    suffix = path.suffix.lower()
    if suffix == ".keras":
        return _read_keras(path)
    if suffix in (".h5", ".hdf5"):
        return _read_h5(path)
    raise InputError(
        f"{path.name}: not a model file; headcheck reads .keras, .h5/.hdf5 and SavedModel folders"
    )
