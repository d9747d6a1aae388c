"""Plain-Python helpers of practice_knowledge: vault parsing/serialization (no ORM)."""
