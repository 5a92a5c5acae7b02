"""Run the demo's training scripts: ``python -m headcheck.demo._worker DIRECTORY``.

Reads ``DIRECTORY/jobs.json`` (a list of ``{"id", "code"}``), runs each script (headcheck's
own bundled demo scripts, never user code) in a fresh namespace, and prints one
``HEADCHECK-JOB {json}`` line per job: what it reported, or the error it raised. The outputs
go to ``DIRECTORY/<id>.npy``. Progress lines start with ``HEADCHECK-PROGRESS``.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
from pathlib import Path


def main(directory: Path) -> None:
    """Run every job of ``directory/jobs.json``."""
    jobs = json.loads((directory / "jobs.json").read_text())
    for number, job in enumerate(jobs, start=1):
        print(f"HEADCHECK-PROGRESS training {number}/{len(jobs)}", flush=True)
        os.environ["HEADCHECK_OUTPUTS"] = str(directory / f"{job['id']}.npy")
        printed = io.StringIO()
        result: dict[str, object] = {"id": job["id"]}
        try:
            with contextlib.redirect_stdout(printed):
                exec(compile(job["code"], f"<demo {job['id']}>", "exec"), {"__name__": "__demo__"})
        except Exception as exc:  # the buggy scripts are expected to fail this way
            result["error"] = (
                f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
            )
        else:
            lines = [
                x for x in printed.getvalue().splitlines() if x.startswith("HEADCHECK-RESULT ")
            ]
            result["reported"] = json.loads(lines[-1].split(" ", 1)[1]) if lines else {}
        print("HEADCHECK-JOB " + json.dumps(result), flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
