"""Datasette integration: the metadata that describes claimtrack's database (:mod:`.metadata`), the
plugin that adds claim and speaker pages (:mod:`.plugin`), and ``claimtrack serve`` (:mod:`.serve`).

The database needs none of this: plain ``datasette`` and ``sqlite-utils`` read it as it is."""
