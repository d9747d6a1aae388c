"""Plain-Python helpers of practice_memory: no ORM, unit-tested on their own."""
