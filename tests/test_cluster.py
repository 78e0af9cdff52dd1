"""Builds on a Dask cluster (``--scheduler``): a real ``LocalCluster`` and a
real ``dask scheduler`` + ``dask worker`` pair, started on 127.0.0.1 by
these tests and stopped at the end. Their output must be byte for byte the
output of ``--workers 1``; a cluster that cannot run the build is one line.

Each cluster's workers load the spaCy model once, which is most of this
file's time."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

import graphbuild
from benchmarks.corpus import generated_articles
from graphbuild.cli.app import app
from graphbuild.cluster import CONNECT_SECONDS, LOOPBACK_ANY_PORT, ClusterError, WorkerSetup, connected, iter_cluster_results, worker_setup
from graphbuild.knowledge import dictionaries
from graphbuild.pipeline import iter_results

distributed = pytest.importorskip("distributed", reason="pip install 'graphbuild[cluster]'")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
OUTPUTS = ("graph.ttl", "events.csv", "triples.csv", "graph.html")
START_SECONDS = 60
runner = CliRunner()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """The team's example articles and a few generated ones, in one file."""
    path = tmp_path_factory.mktemp("cluster") / "corpus.jsonl"
    lines = (EXAMPLES / "articles.jsonl").read_text("utf-8").splitlines()
    lines += [json.dumps({"id": a.id, "text": a.text, "date": a.date, "source": a.source}) for a in generated_articles(12, seed=7)]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


@pytest.fixture(scope="module")
def one_worker(corpus, tmp_path_factory, nlp) -> Path:
    """The outputs of ``--workers 1``, which every cluster build must match."""
    out = tmp_path_factory.mktemp("one")
    _build(out, corpus, EXAMPLES / "briefing.txt")
    return out


def _build(out: Path, *args) -> None:
    result = runner.invoke(app, ["build", *map(str, args), "--out", str(out), "--no-progress"])
    assert result.exit_code == 0, result.output


def _same_files(a: Path, b: Path) -> None:
    for name in OUTPUTS:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    # Not vacuous: the build found events of the examples and of the generated articles.
    events = (a / "events.csv").read_text("utf-8")
    assert "gen-" in events and "briefing" in events and ",CONSULT," in events


# ---------------------------------------------------------------------------
# LocalCluster


@pytest.fixture(scope="module")
def local_cluster():
    """A LocalCluster of two one-thread worker processes on 127.0.0.1."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=None,
                                  scheduler_kwargs={"dashboard_address": LOOPBACK_ANY_PORT}) as cluster:
        yield cluster


def test_a_local_cluster_writes_the_bytes_of_one_worker(corpus, one_worker, local_cluster, tmp_path):
    _build(tmp_path, corpus, EXAMPLES / "briefing.txt", "--scheduler", local_cluster.scheduler_address)
    _same_files(one_worker, tmp_path)


def test_results_come_back_in_input_order_from_a_local_cluster(nlp, local_cluster):
    """Many small chunks over two workers: in input order, equal to one process's."""
    articles = generated_articles(11, seed=3)
    local = list(iter_results(articles, nlp=nlp, batch_size=2))
    clustered = list(iter_cluster_results(articles, local_cluster.scheduler_address, worker_setup(None, []), batch_size=2))
    assert [r.article.id for r in clustered] == [a.id for a in articles]
    assert clustered == local
    assert sum(len(r.events) for r in local) > 5


def test_local_n_starts_n_one_thread_workers_on_loopback():
    with connected("local:2") as client:
        info = client.scheduler_info()
        assert client.scheduler.address.startswith("tcp://127.0.0.1:")
        assert sorted(w.split(":")[1] for w in info["workers"]) == ["//127.0.0.1", "//127.0.0.1"]
        assert client.nthreads() and set(client.nthreads().values()) == {1} and len(client.nthreads()) == 2
    assert client.status == "closed"


# ---------------------------------------------------------------------------
# dask scheduler + dask worker, separate processes


def _start(args: list[str]) -> subprocess.Popen:
    # Its own process group, so that the worker's nanny and its child go too.
    env = {**os.environ, "PYTHONPATH": str(ROOT)}  # the workers import this checkout's graphbuild
    return subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)


def _stop(proc: subprocess.Popen) -> None:
    for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 10)):
        try:
            os.killpg(proc.pid, sig)
            proc.wait(timeout=wait)
            return
        except ProcessLookupError:
            return
        except subprocess.TimeoutExpired:
            continue


def _wait_for_port(port: int, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_SECONDS
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"dask scheduler did not start: {proc.stderr.read().decode(errors='replace')[-800:]}")
            time.sleep(0.2)


def _scheduler_and_worker(request) -> tuple[str, subprocess.Popen]:
    """The address of a ``dask scheduler`` with one ``dask worker`` (one
    process, one thread), both on 127.0.0.1, and the scheduler's process;
    both stopped when ``request`` ends."""
    dask = str(Path(sys.executable).parent / "dask")
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    sched = _start([dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard",
                    "--dashboard-address", LOOPBACK_ANY_PORT])
    request.addfinalizer(lambda: _stop(sched))
    _wait_for_port(port, sched)
    worker = _start([dask, "worker", address, "--host", "127.0.0.1", "--nworkers", "1", "--nthreads", "1", "--no-dashboard"])
    request.addfinalizer(lambda: _stop(worker))
    with distributed.Client(address, timeout=START_SECONDS) as client:
        client.wait_for_workers(1, timeout=START_SECONDS)
    return address, sched


@pytest.fixture(scope="module")
def scheduler(request) -> str:
    return _scheduler_and_worker(request)[0]


def test_a_scheduler_and_worker_write_the_bytes_of_one_worker(corpus, one_worker, scheduler, tmp_path):
    _build(tmp_path, corpus, EXAMPLES / "briefing.txt", "--scheduler", scheduler)
    _same_files(one_worker, tmp_path)


@pytest.fixture()
def user_dictionaries(tmp_path):
    """A verb dictionary and an events TOML that each code a sentence the shipped ones do not."""
    (tmp_path / "mine.txt").write_text("---  DECEIVE   [---]  ---\nHOODWINK\n- * +   [111]\n", "utf-8")
    (tmp_path / "mine.toml").write_text('[verbs]\nSUPPORT = ["serenade : dobj"]\n', "utf-8")
    yield ["--dictionary", tmp_path / "mine.txt", "--dictionary", tmp_path / "mine.toml"]
    dictionaries.use(())  # the builds ran in this process


def test_dictionaries_reach_the_workers_as_contents(scheduler, user_dictionaries, tmp_path, nlp):
    article = tmp_path / "deceit.txt"
    article.write_text("Chile hoodwinked Peru on Monday. Chile serenaded Peru on Tuesday.", "utf-8")
    _build(tmp_path / "one", article, *user_dictionaries)
    _build(tmp_path / "cluster", article, *user_dictionaries, "--scheduler", scheduler)
    for name in OUTPUTS:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "cluster" / name).read_bytes(), name
    events = (tmp_path / "cluster" / "events.csv").read_text("utf-8")
    assert ",ACCUSE," in events and ",SUPPORT," in events
    # The next build without them: the worker drops them too.
    _build(tmp_path / "plain", article, "--scheduler", scheduler)
    assert (tmp_path / "plain" / "events.csv").read_text("utf-8").count("\n") == 1


def test_a_model_a_worker_lacks_is_named(scheduler, tmp_path):
    result = runner.invoke(app, ["build", str(EXAMPLES / "briefing.txt"), "--out", str(tmp_path), "--scheduler", scheduler, "--model", "no_such_model_xx"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"graphbuild: worker {_only_worker(scheduler)} cannot import the spaCy model no_such_model_xx: "
        f"every worker needs graphbuild {graphbuild.__version__} and the model installed"
    ]
    assert not (tmp_path / "graph.ttl").exists()


def _only_worker(address: str) -> str:
    with distributed.Client(address, timeout=START_SECONDS) as client:
        (worker,) = client.scheduler_info()["workers"]
    return worker


# ---------------------------------------------------------------------------
# What cannot run: one line each


def test_a_scheduler_lost_during_the_build_is_one_line(request):
    address, sched = _scheduler_and_worker(request)
    stream = iter_cluster_results(generated_articles(40, seed=4), address, worker_setup(None, []), batch_size=1)
    assert next(stream).article.id == "gen-000000"  # the cluster works; most articles are not sent yet
    _stop(sched)
    with pytest.raises(ClusterError, match=rf"^lost the Dask scheduler at {address} \(\w+\)$"):
        list(stream)


def test_an_unreachable_scheduler_is_one_line_naming_it(tmp_path):
    address = f"tcp://127.0.0.1:{_free_port()}"  # nothing listens there
    result = runner.invoke(app, ["build", str(EXAMPLES / "briefing.txt"), "--out", str(tmp_path), "--scheduler", address])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"graphbuild: cannot reach the Dask scheduler at {address} within {CONNECT_SECONDS} s (OSError)"
    ]
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.mark.parametrize("args, message", [
    (["--scheduler", "local:2", "--workers", "2"], "--scheduler and --workers 2: give one of them (a cluster's workers are its own)"),
    (["--scheduler", "localhost:8786"], "--scheduler 'localhost:8786': expected a scheduler's address (tcp://HOST:8786) or local:N"),
    (["--scheduler", "local:0"], "--scheduler local:0: give at least one worker (local:1)"),
])
def test_a_scheduler_with_workers_or_a_bad_address_is_refused(args, message, tmp_path):
    result = runner.invoke(app, ["build", str(EXAMPLES / "briefing.txt"), "--out", str(tmp_path / "out"), *args])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [f"graphbuild: {message}"]
    assert not (tmp_path / "out").exists()


_WITHOUT_DASK = """
import sys
sys.modules["distributed"] = None  # as if Dask were not installed: importing it fails
from graphbuild.cli.app import app
app(sys.argv[1:])
"""


def test_without_dask_the_message_says_what_to_install(tmp_path):
    done = subprocess.run([sys.executable, "-c", _WITHOUT_DASK, "build", str(EXAMPLES / "briefing.txt"), "--out", str(tmp_path), "--scheduler", "local:1"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "graphbuild: --scheduler needs Dask distributed, which is not installed: pip install 'graphbuild[cluster]'"
    ]


def test_a_setup_names_its_dictionaries_by_content(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.txt").write_text("HACKTIVIST [~OPP]\n", "utf-8")
    setup = worker_setup("en_core_web_sm", [str(tmp_path / "a" / "x.txt")])
    assert setup == WorkerSetup("en_core_web_sm", (("x.txt", b"HACKTIVIST [~OPP]\n"),))
    assert setup.key() != WorkerSetup("en_core_web_sm", (("x.txt", b"HACKTIVIST [~GOV]\n"),)).key()
    assert setup.key() != WorkerSetup("en_core_web_md", setup.dictionaries).key()
