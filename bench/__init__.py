"""Benchmarks for Visitator (`make bench`). Not part of the test suite.

- `bench.run`: the entry point. Runs one child process per database backend and writes
  `docs/benchmarks.md`.
- `bench.worklist`: the child. Migrates a fresh database, seeds cases and times the worklist pages.
- `bench.seed`, `bench.measure`: what the child uses; `bench.machine`, `bench.report`: what the parent
  uses (they do not import Django settings).
"""
