"""Plain-Python logic of the watchdog (no ORM): diffing with thresholds, deterministic
row sampling, module-vector hashing and burst detection. Tested with plain pytest."""

from . import burst, diff, modvec, sampling
