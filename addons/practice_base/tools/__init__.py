"""Plain-Python helpers of practice_base: no ORM, unit-tested on their own."""
