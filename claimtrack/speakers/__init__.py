"""Resolving speakers: who said it, inside one article and across all of them.

- ``in_article``  from the mention next to a cue to the fullest name the article gives
                  (pronouns and -nya, roles, short names, nicknames, bodies and places); runs
                  inside the extraction pipeline, on one article's text
- ``identity``    one stored speaker across articles: spelling variants, surnames, given names,
                  nicknames, naming and typing by use, manual merge and split (on the database)

Whether two names can be one person's is :mod:`claimtrack.names`'.
"""
