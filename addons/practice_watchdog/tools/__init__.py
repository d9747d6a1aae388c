"""Plain-Python logic of the watchdog (no ORM): diffing with thresholds, deterministic
row sampling, module-vector hashing, burst detection, secret-like column names and input
bounds. Tested with plain pytest."""

from . import attachment_stats, burst, counting, diff, inputs, measure, modvec, sampling, scope, secrets
