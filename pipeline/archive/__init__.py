"""The archive level (spec §8): bodies, people and their posts across all articles.

`entities.resolve` is a pass over the stored facts, run after extraction; `bodies` says
what a canonical name is (kind, level, province, parent); `provinces` reads Vietnam's
administrative units, before and after the 2025 merger, from the vietnamadminunits package.
"""
