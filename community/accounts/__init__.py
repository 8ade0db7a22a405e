"""Members: sign-up, login, tokens, sessions, profiles, privacy (export, erasure), blocks."""
