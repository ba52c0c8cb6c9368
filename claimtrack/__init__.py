"""claimtrack: who said what in Indonesian-language news.

Stages, one module or package each:

- ``articles``     reading articles: raw text kept exactly, metadata and boilerplate derived
- ``extracting``   finding quotes, cues and speaker mentions (spaCy components)
- ``speakers``     resolving a mention to the fullest name the article gives
- ``matching``     grouping the same claim across outlets
- ``storage``      the SQLite database (sqlite-utils), migrations and queries
- ``presenting``   rich renderers for records
- ``evaluation``   scoring predictions against gold annotations
- ``cli``          the ``claimtrack`` command
"""

__version__ = "0.1.0"
