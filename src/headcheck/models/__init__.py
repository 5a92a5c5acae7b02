"""Saved models, live models and arrays: the same facts and findings as code.

* :func:`model_facts` / ``headcheck lint model.keras``: saved ``.keras``, ``.h5`` and
  SavedModel folders, read as data (:mod:`headcheck.models._read`);
* :func:`check`: a live Keras model, optionally with a few rows of data
  (:mod:`headcheck.models._live`);
* :func:`array_findings` / :func:`with_data`: what outputs and labels alone prove
  (:mod:`headcheck.models._evidence`).

Frameworks are imported by nobody here: a live model brings its own.
"""

from __future__ import annotations

from headcheck.models._config import ModelConfig, facts_from_config, target_of_version
from headcheck.models._evidence import array_findings, evidence_finding, merge_findings, with_data
from headcheck.models._lint import lint_model, model_facts
from headcheck.models._live import built_metrics, check, live_facts
from headcheck.models._read import MODEL_SUFFIXES, is_model_path, read_config
from headcheck.models._result import CheckResult

__all__ = [
    "MODEL_SUFFIXES",
    "CheckResult",
    "ModelConfig",
    "array_findings",
    "built_metrics",
    "check",
    "evidence_finding",
    "facts_from_config",
    "is_model_path",
    "lint_model",
    "live_facts",
    "merge_findings",
    "model_facts",
    "read_config",
    "target_of_version",
    "with_data",
]
