"""The build's parsing on a Dask cluster: many machines, or one (``local:N``).

``iter_cluster_results`` is ``pipeline.iter_results`` with the chunks sent
to the workers of a Dask distributed scheduler instead of a local process
pool. Each task is one chunk of articles, and a worker runs it through the
same ``pipeline.extract_chunk`` a local worker runs, so the results (and the
files written from them) are byte for byte those of ``--workers 1``. At most
``2 x`` the cluster's threads chunks are in flight (``pipeline.in_order``),
and results come back in input order.

What a worker needs comes with each task as a ``WorkerSetup``: the model's
name (every worker has graphbuild and the model installed) and the user's
dictionaries as contents, not paths, since the files are on the client's
disk. A worker process loads the model once (``load_model`` is cached) and
writes the dictionaries once per distinct set; a task for the same setup
finds them ready.

Dask is an optional extra (``graphbuild[cluster]``) and is imported only
when a cluster is asked for, so that the command line starts without it.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
from collections.abc import Iterable, Iterator
from concurrent.futures import CancelledError  # Dask's FutureCancelledError is one
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from graphbuild.pipeline import BATCH_SIZE, DocumentResult, chunks, extract_chunk, in_order
from graphbuild.records import Article

INSTALL_HINT = "pip install 'graphbuild[cluster]'"
# A scheduler that does not answer in this time is reported as unreachable.
CONNECT_SECONDS = 5
# A scheduler with no worker after this time is reported (a task would wait forever).
WORKERS_SECONDS = 60
# The scheduler's HTTP server (health, metrics) runs without a dashboard too;
# on loopback, on a free port rather than 8787, which another cluster may hold.
LOOPBACK_ANY_PORT = "127.0.0.1:0"
_LOCAL = re.compile(r"local:(\d+)")


class ClusterError(RuntimeError):
    """The cluster cannot run the build: one line saying why."""


@dataclass(frozen=True)
class WorkerSetup:
    """What a worker needs to parse as the client would: the spaCy model's
    name and the user dictionaries as (file name, contents) pairs."""

    model: str
    dictionaries: tuple[tuple[str, bytes], ...] = ()

    def key(self) -> str:
        digest = hashlib.sha256(self.model.encode())
        for name, content in self.dictionaries:
            digest.update(b"\0" + name.encode() + b"\0" + content)
        return digest.hexdigest()[:16]


def worker_setup(model: str | None, dictionary_paths: Iterable[str]) -> WorkerSetup:
    """The setup for ``model`` (None: the default one) and the user's
    dictionary files, read here."""
    from graphbuild.nlp.model import default_model_name

    return WorkerSetup(model or default_model_name(), tuple((Path(p).name, Path(p).read_bytes()) for p in dictionary_paths))


def local_workers(scheduler: str) -> int | None:
    """N of ``local:N`` (a cluster started here), None for a scheduler's
    address; anything else is an error.

    >>> local_workers("local:2"), local_workers("tcp://10.0.0.5:8786")
    (2, None)
    """
    if m := _LOCAL.fullmatch(scheduler):
        if int(m.group(1)) < 1:
            raise ClusterError(f"--scheduler {scheduler}: give at least one worker (local:1)")
        return int(m.group(1))
    if "://" not in scheduler:
        raise ClusterError(f"--scheduler {scheduler!r}: expected a scheduler's address (tcp://HOST:8786) or local:N")
    return None


# ---------------------------------------------------------------------------
# On a worker

_lock = threading.Lock()
_written: dict[str, tuple[str, ...]] = {}


def _dictionary_files(setup: WorkerSetup) -> tuple[str, ...]:
    """The setup's dictionaries as files on this worker, written once per
    setup into a folder of this process's own (private, removed at exit), each
    in its own subfolder under its own name, whose suffix says its kind."""
    key = setup.key()
    if key not in _written:
        folder = _private_folder() / key
        paths = []
        for i, (name, content) in enumerate(setup.dictionaries):
            path = folder / str(i) / name
            path.parent.mkdir(parents=True)
            path.write_bytes(content)
            paths.append(str(path))
        _written[key] = tuple(paths)
    return _written[key]


@cache
def _private_folder() -> Path:
    import atexit
    import shutil
    import tempfile

    folder = tempfile.mkdtemp(prefix="graphbuild-dictionaries-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return Path(folder)


def run_chunk(setup: WorkerSetup, chunk: list[Article], batch_size: int) -> list[DocumentResult]:
    """One task: the results of ``chunk``, parsed with the setup's model and
    dictionaries. One chunk at a time per process: the model and the
    dictionaries are the process's, and spaCy is not made for threads."""
    from graphbuild.knowledge import dictionaries
    from graphbuild.nlp.model import ModelNotFound, load_model

    with _lock:
        paths = _dictionary_files(setup)
        if dictionaries.user_dictionaries() != paths:
            dictionaries.use(paths)
        try:
            nlp = load_model(setup.model)
        except ModelNotFound as err:
            raise ClusterError(f"on worker {_worker_address()}: {err}") from None
        return extract_chunk(nlp, chunk, batch_size)


def _worker_address() -> str:
    from distributed import get_worker

    try:
        return get_worker().address
    except ValueError:  # not in a worker (a test calling run_chunk directly)
        return "(not a worker)"


# ---------------------------------------------------------------------------
# On the client


def dask_distributed() -> Any:
    """The ``distributed`` module, or a ``ClusterError`` saying how to install it."""
    try:
        import distributed
    except ImportError:
        raise ClusterError(f"--scheduler needs Dask distributed, which is not installed: {INSTALL_HINT}") from None
    return distributed


@contextmanager
def connected(scheduler: str) -> Iterator[Any]:
    """A Dask ``Client`` of the scheduler at ``scheduler``, or of a
    ``LocalCluster`` of N one-thread worker processes on 127.0.0.1 for
    ``local:N``; closed (and the local cluster stopped) on leaving."""
    n = local_workers(scheduler)
    distributed = dask_distributed()
    cluster = None
    if n is not None:
        cluster = _local_cluster(distributed, n)
    try:
        client = _client(distributed, cluster or scheduler, scheduler)
        try:
            _wait_for_a_worker(client, scheduler)
            yield client
        finally:
            client.close()
    finally:
        if cluster is not None:
            cluster.close()


def _local_cluster(distributed: Any, n: int) -> Any:
    """N one-thread worker processes and their scheduler, on 127.0.0.1.
    Without the workers' statistical profiler: sampling the stacks of the
    pure-Python extraction every 10 ms costs the build time (measured)."""
    import dask

    with dask.config.set({"distributed.worker.profile.enabled": False}):  # the nannies hand it to their workers
        return distributed.LocalCluster(n_workers=n, threads_per_worker=1, processes=True, host="127.0.0.1",
                                        dashboard_address=None, silence_logs=logging.ERROR,
                                        scheduler_kwargs={"dashboard_address": LOOPBACK_ANY_PORT})


def _quiet_client_logs() -> None:
    """No log lines from Dask in this process: a scheduler that is down or
    lost is retried with warnings and tracebacks logged on the way, and the
    build's one-line message says it once. (Dask's logging configuration
    gives some of its loggers levels of their own, hence each one.)"""
    for name in ["distributed", *logging.root.manager.loggerDict]:
        if name == "distributed" or name.startswith("distributed."):
            logging.getLogger(name).setLevel(logging.CRITICAL)


def _client(distributed: Any, where: Any, scheduler: str) -> Any:
    _quiet_client_logs()
    try:
        return distributed.Client(where, timeout=CONNECT_SECONDS, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as err:
        raise ClusterError(f"cannot reach the Dask scheduler at {scheduler} within {CONNECT_SECONDS} s ({type(err).__name__})") from None


def _wait_for_a_worker(client: Any, scheduler: str) -> None:
    try:
        client.wait_for_workers(1, timeout=WORKERS_SECONDS)
    except TimeoutError:
        raise ClusterError(f"the Dask scheduler at {scheduler} has no worker (waited {WORKERS_SECONDS} s): "
                           f"start one with dask worker {scheduler}") from None


def check_workers(client: Any, setup: WorkerSetup) -> None:
    """Each worker has this graphbuild (with this module) and the model: a
    worker without them would fail on its first task, or, unable to read the
    task at all, leave the cluster and the build waiting. Asked with functions
    of the standard library, which every worker can run."""
    import importlib.metadata
    import importlib.util

    from graphbuild import __version__

    model = [setup.model] if setup.model.isidentifier() else []  # a path is checked when it loads
    for module in ["graphbuild.cluster", *model]:
        for worker, spec in sorted(client.run(importlib.util.find_spec, module, on_error="return").items()):
            if spec is None or isinstance(spec, Exception):
                what = f"the spaCy model {module}" if module == setup.model else "graphbuild's cluster module"
                raise ClusterError(f"worker {worker} cannot import {what}: every worker needs graphbuild "
                                   f"{__version__} and the model installed")
    for worker, version in sorted(client.run(importlib.metadata.version, "graphbuild", on_error="return").items()):
        if version != __version__:
            raise ClusterError(f"worker {worker} has graphbuild {version}, this machine {__version__}: "
                               "the output would differ; install the same version everywhere")


def iter_cluster_results(
    articles: Iterable[Article],
    scheduler: str,
    setup: WorkerSetup,
    *,
    batch_size: int = BATCH_SIZE,
) -> Iterator[DocumentResult]:
    """The ``DocumentResult`` of each article, in input order, parsed by the
    workers of ``scheduler`` (an address, or ``local:N``).

    A failure of the cluster (unreachable, no worker, a worker without the
    model or graphbuild, the scheduler lost) is a ``ClusterError``.
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, not {batch_size}")
    with connected(scheduler) as client:
        check_workers(client, setup)
        window = 2 * max(1, sum(client.nthreads().values()))

        def submit(chunk: list[Article]) -> Any:
            return client.submit(run_chunk, setup, chunk, batch_size, pure=False)

        try:
            yield from in_order(submit, chunks(articles, batch_size), window)
        except ImportError as err:
            raise ClusterError(f"a worker of {scheduler} cannot run graphbuild ({err}): "
                               "every worker needs graphbuild and the model installed") from None
        except (OSError, CancelledError) as err:
            raise ClusterError(f"lost the Dask scheduler at {scheduler} ({type(err).__name__})") from None
