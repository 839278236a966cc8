"""KL's Fælles Faglige Begreber (FFB) as versioned reference data.

`services.ffb_load` loads a code list file; `selectors` gives the lists the assessment uses
(function levels, rated and described areas, support levels, goal types, target groups, follow-up
statuses). The 2024 version is bundled in `data/` and loaded by migration 0002.
"""
