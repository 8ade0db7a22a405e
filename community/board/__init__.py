"""The board: organisations, opportunities, applications and recruitment requests."""
