"""Benchmark cross-article linking: time and peak RSS of ``link_store``, before and after it became incremental.

Usage:
    python bench/link.py --store /tmp/h9/s1k.duckdb --store /tmp/h9/s3k.duckdb --add /tmp/h9/add100 [--old REV]

For each store (built once with ``newsgraph ingest``; it is copied, never written) it
prints, each measured in a fresh subprocess:

- ``full``: linking the whole store from scratch, stories included (the story pass
  regroups every article), as the end of the store's first ingest did;
- ``+N``: ingesting the articles of ``--add`` onto a copy of the store, and the time
  of the ``link_store`` call at its end, with the peak RSS of the process before the
  call and at its end (the ingest itself parses with spaCy, so its peak is mostly
  the model's: the link adds to it only what it holds above that).

``old`` is the committed ``link.py`` and ``stories.py`` of ``--old`` (default HEAD),
loaded from ``git show`` into temporary modules; ``new`` is the working tree.
Peak RSS is the measuring process's own ``ru_maxrss``.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def peak_mb() -> float:
    """This process's peak resident set so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def old_modules(rev: str, folder: Path) -> ModuleType:
    """The link module of ``rev``, using the stories module of ``rev`` too; returns the link module."""
    source = {name: subprocess.run(["git", "show", f"{rev}:src/newsgraph/{name}.py"], cwd=ROOT, check=True,
                                   capture_output=True, text=True).stdout for name in ("link", "stories")}
    (folder / "old_stories.py").write_text(source["stories"], encoding="utf-8")
    (folder / "old_link.py").write_text(source["link"].replace("from newsgraph.stories import",
                                                                "from old_stories import"), encoding="utf-8")
    sys.path.insert(0, str(folder))
    spec = importlib.util.spec_from_file_location("old_link", folder / "old_link.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["old_link"] = module  # dataclasses look their module up while it runs
    spec.loader.exec_module(module)
    return module


def measure_full(db: Path, which: str, rev: str, work: Path) -> dict[str, Any]:
    """Link a copy of ``db`` from scratch with the ``which`` code: time and peak RSS."""
    import newsgraph

    module = old_modules(rev, work) if which == "old" else importlib.import_module("newsgraph.link")
    stories = importlib.import_module("old_stories" if which == "old" else "newsgraph.stories")
    with newsgraph.open(db) as graph:
        before = peak_mb()
        started = time.perf_counter()
        if which == "old":
            module.link_store(graph.store)
        else:
            module.link_store(graph.store, rebuild=True)
        stories.assign_store(graph.store, rebuild=True)
        seconds = time.perf_counter() - started
    return {"seconds": round(seconds, 2), "peak_before_mb": round(before), "peak_mb": round(peak_mb())}


def measure_add(db: Path, which: str, rev: str, work: Path, add: Path) -> dict[str, Any]:
    """Ingest ``add`` onto a copy of ``db``, timing the ``link_store`` call at its end."""
    import newsgraph
    import newsgraph.link

    if which == "new":
        with newsgraph.open(db) as graph:  # links made by this code (the store was built by the old)
            newsgraph.link.link_store(graph.store, rebuild=True)
    inner = old_modules(rev, work).link_store if which == "old" else newsgraph.link.link_store
    seen: dict[str, float] = {}

    def timed(*args: Any, **kwargs: Any) -> Any:
        seen["before"] = peak_mb()
        started = time.perf_counter()
        result = inner(*args, **kwargs)
        seen["seconds"] = time.perf_counter() - started
        return result

    newsgraph.link.link_store = timed  # the pipeline imports it at call time
    with newsgraph.open(db) as graph:
        stored = graph.ingest(add).stored
    return {"stored": stored, "link_seconds": round(seen["seconds"], 2), "peak_before_link_mb": round(seen["before"]),
            "peak_mb": round(peak_mb())}


def child(args: argparse.Namespace) -> None:
    """One measurement in this (fresh) process, on a copy of the store; prints one JSON line."""
    with tempfile.TemporaryDirectory(prefix="bench-link-") as tmp:
        work = Path(tmp)
        db = work / "store.duckdb"
        shutil.copy(args.store[0], db)
        if args.measure == "full":
            result = measure_full(db, args.which, args.old, work)
        else:
            result = measure_add(db, args.which, args.old, work, Path(args.add))
    print(json.dumps(result))


def run_child(store: str, which: str, measure: str, args: argparse.Namespace) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child", "--store", store, "--which", which, "--measure", measure,
               "--old", args.old, *(["--add", args.add] if args.add else [])]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", action="append", required=True, help="a built store (repeatable)")
    parser.add_argument("--add", help="a folder or file of new articles to ingest onto each store")
    parser.add_argument("--old", default="HEAD", help="the git revision whose linking is 'old'")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--which", choices=("old", "new"), help=argparse.SUPPRESS)
    parser.add_argument("--measure", choices=("full", "add"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    for store in args.store:
        for measure in ("full", "add") if args.add else ("full",):
            for which in ("old", "new"):
                print(f"{Path(store).name:>14} {measure:>4} {which:>3}: {run_child(store, which, measure, args)}",
                      flush=True)


if __name__ == "__main__":
    main()
