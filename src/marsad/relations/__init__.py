"""Relations over time: dyad cooperation–conflict series, the actor network, shift alerts, and their charts.

Every view is one function over the store returning plain data (or a networkx graph); the CLI
(:mod:`marsad.relations.cli`) only formats it. The weighting, the index and the alert test are in
docs/RELATIONS.md.
"""

from marsad.relations.alerts import alerts
from marsad.relations.network import network, network_data, write_network
from marsad.relations.series import EVIDENTIALITY_WEIGHT, cluster_weight, dyad_series


def plot_dyad(*args, **kwargs):  # type: ignore[no-untyped-def]
    """Chart a dyad series as a PNG (see :func:`marsad.relations.plot.plot_dyad`); matplotlib loads on first use."""
    from marsad.relations.plot import plot_dyad as _plot

    return _plot(*args, **kwargs)


def draw_network(*args, **kwargs):  # type: ignore[no-untyped-def]
    """Draw the actor graph as a PNG (see :func:`marsad.relations.plot.draw_network`)."""
    from marsad.relations.plot import draw_network as _draw

    return _draw(*args, **kwargs)


__all__ = ["EVIDENTIALITY_WEIGHT", "alerts", "cluster_weight", "draw_network", "dyad_series", "network",
           "network_data", "plot_dyad", "write_network"]
