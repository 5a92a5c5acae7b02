"""What is public is a checked fact (the httpx pattern)."""

from __future__ import annotations

import headcheck


def test_all_names_every_public_member() -> None:
    import types

    public = sorted(
        (
            name
            for name, value in vars(headcheck).items()
            if (not name.startswith("_") or name == "__version__")
            # submodules imported as a side effect are not part of the API, except semantics
            and (not isinstance(value, types.ModuleType) or name == "semantics")
            and name != "annotations"
        ),
        key=str.casefold,
    )
    assert sorted(headcheck.__all__, key=str.casefold) == public


def test_version_matches_the_distribution() -> None:
    from importlib.metadata import version

    assert headcheck.__version__ == version("headcheck")
