"""Plain-Python logic of the watchdog (no ORM): diffing with thresholds, deterministic
row sampling, module-vector hashing, burst detection, secret-like column names and input
bounds. Tested with plain pytest."""

from . import burst, diff, inputs, modvec, sampling, secrets
