"""The package's public face: __all__ is honest, the version matches, the error tree is as documented."""

from __future__ import annotations

from importlib.metadata import version
from types import ModuleType

import newsgraph
from newsgraph import errors


def test_all_names_exactly_the_public_names() -> None:
    public = {
        name for name, value in vars(newsgraph).items()
        if not name.startswith("_") and not isinstance(value, ModuleType)
        and type(value).__module__ != "__future__"  # `from __future__ import annotations` binds a name
    }
    assert set(newsgraph.__all__) - {"__version__"} == public
    assert len(newsgraph.__all__) == len(set(newsgraph.__all__))
    for name in newsgraph.__all__:
        assert hasattr(newsgraph, name), name


def test_star_import_gives_all() -> None:
    namespace: dict[str, object] = {}
    exec("from newsgraph import *", namespace)
    assert set(namespace) - {"__builtins__"} == set(newsgraph.__all__)


def test_version_matches_the_installed_metadata() -> None:
    assert newsgraph.__version__ == version("newsgraph")


def test_error_tree() -> None:
    assert issubclass(newsgraph.UsageError, newsgraph.NewsgraphError)
    assert issubclass(newsgraph.NotFoundError, newsgraph.UsageError)
    assert issubclass(newsgraph.InputError, newsgraph.NewsgraphError)
    assert issubclass(newsgraph.StoreError, newsgraph.NewsgraphError)
    assert issubclass(newsgraph.SchemaError, newsgraph.StoreError)
    assert issubclass(newsgraph.ModelError, newsgraph.NewsgraphError)
    assert not issubclass(newsgraph.NewsgraphError, ValueError)  # callers catch ours, not builtins
    error = errors.InputError("feed.xml#3", "no article text")
    assert (str(error), error.where, error.reason) == ("feed.xml#3: no article text", "feed.xml#3", "no article text")


def test_the_library_prints_nothing_by_default() -> None:
    import logging

    handlers = logging.getLogger("newsgraph").handlers
    assert any(isinstance(h, logging.NullHandler) for h in handlers)
