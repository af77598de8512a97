"""Scale-out: code large archives on Dask into partitioned Parquet (``marsad batch``) and load it into the
store (``marsad load``). See docs/SCALE.md."""

from marsad.scale.batch import BatchReport, code_partition, coder_loads, dask_client, run_batch, worker_coder
from marsad.scale.load import LoadReport, load_partitions

__all__ = ["BatchReport", "LoadReport", "code_partition", "coder_loads", "dask_client", "load_partitions",
           "run_batch", "worker_coder"]
