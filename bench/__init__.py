"""Benchmark an ``http.client`` implementation against a peer on loopback.

``python -m bench`` plays four throughput workloads and one memory workload
against a server in a separate process, alternating the implementation and
the peer round by round, and prints the medians and the ratio impl/peer.

This package must stay light to import: ``bench.memory`` runs in a fresh
child process whose peak memory is the measurement.
"""
