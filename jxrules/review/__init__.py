"""The review workflow: stable finding fingerprints, waivers, baselines and ruleset diffs.

A finance bureau does not check a report once: it accepts some findings (waivers with a
reason, an approver and an expiry), re-checks corrected reports against the first run
(baselines), and previews what next year's ruleset changes (diffs).  All of it rests on
:mod:`.fingerprint`; docs/review.md walks through a season.
"""
