"""HTTP benchmark of Fugong's production server against a bare-endpoint baseline.

`make bench` (`python -m bench`) builds a throw-away database with `fugong generate`,
starts gunicorn with production settings, measures scoped list pages and API lists from
a second process, and reports each one relative to a bare endpoint that makes the same
number of queries. See bench/README.md. This package imports no Django: it drives the
project through subprocesses (`bench.queries` and `bench.load` are their entry points).
"""
