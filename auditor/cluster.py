"""``--ray``: the audit through Ray Data, for corpora beyond one machine (``pip install 'auditor[ray]'``).

    families (a dataset) -> embed (an actor pool, one loaded model per actor) -> compare (a map, per family)

The driver reads the corpus as a local run does; each family becomes a row. Embedding actors take the families in
batches and embed the batch's distinct sentences at once (GPU actors when the cluster has GPUs and the model is a
sentence-transformers one: the bundled engine runs on CPUs). The comparison of a family (detectors, alignment,
scores) is a map over the rows; the few short texts a detector embeds itself go to a model that each worker process
loads once. Reports come back in the order of the families, and are byte for byte those of a local run: both
engines give a text the same vector in any batch. A lost worker costs time, not the run: Ray Data retries its tasks
and restarts lost actors (its defaults: without limit).

Where: no address starts a local Ray instance for the run (and stops it after); ``auto`` joins the running cluster
(``RAY_ADDRESS`` when set, else the one started on this machine with ``ray start``); any other address is given to
``ray.init`` as it is (``ray://head:10001``, ``head:6379``).
"""
from __future__ import annotations

import logging
import os
import pickle
import socket
from pathlib import Path
from typing import Iterator, Sequence

from .batching import AuditFamily, PrefetchedEmbedder, sentence_texts
from .embed import Embedder
from .errors import AuditorError
from .model import Family, FamilyReport
from .settings import Settings

INSTALL_HINT = "pip install 'auditor[ray]'"
LOCAL = "local"  # --ray without an address
FAMILIES_PER_BATCH = 16  # families an embedding actor takes at once
CONNECT_TIMEOUT_S = 10


def audit_on_ray(
    families: Sequence[Family], settings: Settings, embedder: Embedder, audit_family: AuditFamily
) -> Iterator[FamilyReport]:
    """The report of each family, in order, each as soon as it and those before it are back."""
    try:
        import ray
    except ImportError:
        raise AuditorError(f"--ray needs Ray: {INSTALL_HINT}") from None
    started = _connect(ray, settings.ray or LOCAL)
    try:
        yield from _run(ray, families, settings, embedder, audit_family)
    finally:
        if started:
            ray.shutdown()


def _quiet() -> None:
    """Ray logs its progress and advice on stderr; the auditor's own progress bar says what a user needs."""
    for name in ("ray", "ray.data"):
        logging.getLogger(name).setLevel(logging.ERROR)


def _connect(ray, address: str) -> bool:
    """Join or start Ray; True when this run started the instance (and must stop it)."""
    _quiet()
    # The auditor package travels with the job, so that a cluster's workers run this very code.
    options = dict(runtime_env={"py_modules": [str(Path(__file__).parent)]}, log_to_driver=False,
                   logging_level=logging.ERROR, include_dashboard=False)
    if ray.is_initialized():
        return False
    try:
        if address == LOCAL:
            ray.init(address="local", **options)
            return True
        target = os.environ.get("RAY_ADDRESS") or "auto" if address == "auto" else address
        _check_reachable(target)
        ray.init(address=target, **options)
    except (ConnectionError, RuntimeError, ValueError) as exc:
        raise AuditorError(f"--ray {address}: cannot join the Ray cluster: {str(exc).splitlines()[0]}") from None
    return False


def _check_reachable(address: str) -> None:
    """An address of a head (host:port, ray://host:port) must answer at once: ray.init retries a dead one for minutes."""
    host, _, port = address.removeprefix("ray://").rpartition(":")
    if not host or not port.isdigit():
        return  # "auto", or a form ray.init judges itself
    try:
        socket.create_connection((host, int(port)), timeout=CONNECT_TIMEOUT_S).close()
    except OSError as exc:
        raise ConnectionError(f"nothing answers at {host}:{port} ({exc.strerror or exc})") from None


def _run(ray, families, settings, embedder, audit_family) -> Iterator[FamilyReport]:
    import ray.data

    _quiet()  # again: importing ray.data sets its loggers up
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False
    context.print_on_execution_start = False
    gpus = int(ray.cluster_resources().get("GPU", 0)) if settings.model else 0
    cpus = int(ray.cluster_resources().get("CPU", 1))
    # CPU actors embed on one thread each (the best rate per CPU second), leaving half the cores to the maps.
    actors = gpus or max(1, cpus // 2)
    rows = [{"index": i, "family": pickle.dumps(family)} for i, family in enumerate(families)]
    dataset = ray.data.from_items(rows, override_num_blocks=min(len(rows), 4 * actors))
    embedded = dataset.map_batches(
        _embedding_actor(embedder, 0 if gpus else 1), batch_size=FAMILIES_PER_BATCH,
        compute=ray.data.ActorPoolStrategy(size=actors), num_gpus=1 if gpus else None, num_cpus=None if gpus else 1,
    )
    compared = embedded.map(_compare, fn_args=(settings, embedder, audit_family), num_cpus=1)
    waiting: dict[int, FamilyReport] = {}  # reports back before one of an earlier family
    following = 0
    for row in compared.iter_rows():
        waiting[row["index"]] = pickle.loads(row["report"])
        while following in waiting:
            yield waiting.pop(following)
            following += 1


def _embedding_actor(embedder: Embedder, threads: int) -> type:
    """The class of the embedding actors, with its embedder inside: defined here, it travels with the class (an
    actor restarted on another node needs nothing else), not as constructor arguments in the object store."""

    class Embed:
        """One model, loaded once; a batch of families -> each family's sentences and their vectors."""

        def __init__(self) -> None:
            if threads:
                os.environ["OMP_NUM_THREADS"] = str(threads)  # read when the engine loads
            self.embedder = embedder

        def __call__(self, batch: dict) -> dict:
            families = [pickle.loads(raw) for raw in batch["family"]]
            texts = sentence_texts(families)
            row = {text: i for i, text in enumerate(texts)}
            vectors = self.embedder.encode(texts)
            batch["vectors"] = [pickle.dumps((own, vectors[[row[t] for t in own]]))
                                for own in (sentence_texts([family]) for family in families)]
            return batch

    return Embed


_process_embedders: dict[str, Embedder] = {}  # a worker process's model for the detectors' own texts


def _compare(row: dict, settings: Settings, embedder: Embedder, audit_family: AuditFamily) -> dict:
    own = _process_embedders.setdefault(embedder.name, embedder)
    texts, vectors = pickle.loads(row["vectors"])
    report = audit_family(pickle.loads(row["family"]), settings, PrefetchedEmbedder(own, texts, vectors))
    return {"index": row["index"], "report": pickle.dumps(report)}
