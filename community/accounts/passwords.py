"""Password hashing (Argon2id) and the password rules: 10 characters or more, nothing common."""
from __future__ import annotations

import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from community.accounts.constants import PASSWORD_MAX, PASSWORD_MIN

# Words that top every list of leaked passwords; with digits or symbols around them they stay weak.
_COMMON_WORDS = {
    "password", "passw0rd", "wachtwoord", "motdepasse", "welcome", "welkom", "bienvenue", "qwerty",
    "azerty", "qwertz", "admin", "administrator", "letmein", "iloveyou", "monkey", "dragon",
    "football", "baseball", "sunshine", "princess", "master", "shadow", "superman", "batman",
    "trustno1", "starwars", "whatever", "freedom", "computer", "michael", "jennifer", "charlie",
    "secret", "geheim", "changeme", "default", "login", "abc", "test", "user", "brug", "hello",
    "summer", "winter", "autumn", "spring", "zomer", "lente", "herfst", "soleil", "chocolate",
    "cheese", "pokemon", "liverpool", "chelsea", "arsenal", "barcelona", "samsung", "google",
    "facebook", "instagram", "internet", "belgium", "belgie", "nederland", "holland", "europe",
}
_COMMON_EXACT = {
    "1234567890", "0123456789", "12345678910", "123456789a", "a123456789", "1q2w3e4r5t",
    "1qaz2wsx3edc", "qwertyuiop", "azertyuiop", "asdfghjkl;", "zxcvbnm123", "qazwsxedc123",
    "0987654321", "9876543210", "1111111111", "aaaaaaaaaa", "abcdefghij", "abcd123456",
    "password123", "iloveyou123", "qwerty123456", "123qweasdzxc", "1q2w3e4r5t6y",
}
_SEQUENCES = ("0123456789", "9876543210", "abcdefghijklmnopqrstuvwxyz", "qwertyuiop", "azertyuiop",
              "asdfghjkl", "zxcvbnm")


def password_problem(password: str, email: str = "", name: str = "") -> LazyString | None:
    """A readable reason why this password is refused, or None when it is fine."""
    if len(password) < PASSWORD_MIN:
        return _l("Use at least %(n)s characters.", n=PASSWORD_MIN)
    if len(password) > PASSWORD_MAX:
        return _l("Use at most %(n)s characters.", n=PASSWORD_MAX)
    lowered = password.lower()
    core = re.sub(r"^[\d\W_]+|[\d\W_]+$", "", lowered)
    if (
        lowered in _COMMON_EXACT
        or core in _COMMON_WORDS
        or len(set(lowered)) <= 2
        or any(lowered in seq or seq.startswith(lowered) for seq in _SEQUENCES)
        or (lowered.isdigit() and len(set(lowered)) <= 4)
    ):
        return _l("This password is too common. Choose a longer sentence that only you know.")
    personal = {email.split("@")[0].lower(), name.lower().replace(" ", "")} - {""}
    if any(len(part) >= 4 and part in lowered for part in personal):
        return _l("Do not use your name or email address in your password.")
    return None


def _hasher() -> PasswordHasher:
    return PasswordHasher(
        time_cost=current_app.config["ARGON2_TIME_COST"],
        memory_cost=current_app.config["ARGON2_MEMORY_COST"],
    )


def hash_password(password: str) -> str:
    """An Argon2id hash with a random salt."""
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True when the password matches the stored hash."""
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with other parameters than today's."""
    try:
        return _hasher().check_needs_rehash(password_hash)
    except InvalidHashError:
        return True
