"""Ingestion: the two ways bytes reach the raw layer.

``manifest`` reads the list of pages to fetch, ``fetcher`` fetches them politely
and robustly with requests, ``landing`` picks up pages that already exist in
files (saved pages, JSON Lines corpus dumps, WARC files). Both distrust what they
are given: ``addresses`` keeps the fetcher off private networks, ``inflate`` keeps
decompression within a size and a ratio. Nothing here imports
dagster or writes to the lake: these modules hand bytes and their provenance to
the catalog, which stores them content-addressed.
"""
