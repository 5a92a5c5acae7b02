"""What is public is a checked fact (the httpx pattern)."""

from __future__ import annotations

import headcheck


def test_all_names_every_public_member() -> None:
    public = sorted(
        (name for name in vars(headcheck) if not name.startswith("_") or name == "__version__"),
        key=str.casefold,
    )
    # submodules imported as a side effect are not part of the API
    modules = {
        "annotations",
        "arrays",
        "catalogue",
        "demo",
        "explanation",
        "facts",
        "findings",
        "head",
        "profiles",
        "rules",
        "targets",
        "cli",
    }
    assert sorted(headcheck.__all__, key=str.casefold) == [n for n in public if n not in modules]


def test_version_matches_the_distribution() -> None:
    from importlib.metadata import version

    assert headcheck.__version__ == version("headcheck")
