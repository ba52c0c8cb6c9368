"""Live news in: articles fetched from the web, feeds and sitemaps watched, alerts on new claims.

- ``fetch``      HTTP, politely and safely: robots.txt, a delay per host, timeouts, retries with
                 backoff, a size limit, conditional requests, http(s) only, redirects bounded
- ``metadata``   what a page says about itself: canonical URL, outlet, date (saved pages too)
- ``feeds``      RSS and Atom feeds, sitemaps and a home page's feeds and article links, read
                 from bytes
- ``reader``     URLs, feeds, sitemaps, sites and feed files as the articles the ingest pipeline
                 reads, and what was fetched remembered
- ``watch``      ``claimtrack watch``: rounds of what is new, stored, matched and alerted on
- ``alerts``     alert rules, alerts recorded once, handed on by command or webhook
- ``durations``  ``10m``, ``1s``, ``500ms`` as seconds

Rows live in :mod:`claimtrack.storage.sources`; articles go through :mod:`claimtrack.ingest`.
"""
