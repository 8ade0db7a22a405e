"""WTForms' own messages, routed through our catalogues so they are translated into all seven
languages (WTForms ships no Tigrinya). Listing them here puts them in messages.pot."""
from __future__ import annotations

from flask_babel import get_translations


def N_(singular: str) -> str:  # noqa: N802 - the gettext "mark only" convention
    """Mark a message for extraction without translating it now."""
    return singular


def NP_(singular: str, plural: str) -> str:  # noqa: N802
    """Mark a message with a plural form for extraction."""
    return singular


BUILT_IN = [
    N_("This field is required."),
    N_("Invalid input."),
    N_("Invalid email address."),
    N_("Invalid URL."),
    N_("Not a valid choice."),
    N_("Invalid Choice: could not coerce."),
    N_("Not a valid date value."),
    N_("Not a valid datetime value."),
    N_("Not a valid time value."),
    N_("Not a valid integer value."),
    N_("Not a valid decimal value."),
    N_("Not a valid float value."),
    N_("Number must be at least %(min)s."),
    N_("Number must be at most %(max)s."),
    N_("Number must be between %(min)s and %(max)s."),
    N_("Field must be between %(min)d and %(max)d characters long."),
    NP_("Field must be at least %(min)d character long.", "Field must be at least %(min)d characters long."),
    NP_("Field cannot be longer than %(max)d character.", "Field cannot be longer than %(max)d characters."),
    NP_("'%(value)s' is not a valid choice for this field.", "'%(value)s' are not valid choices for this field."),
    N_("Invalid choice(s): one or more data inputs could not be coerced."),
]


class CatalogueTranslations:
    """What WTForms asks for (`gettext`, `ngettext`), answered from Brug's catalogues."""

    # WTForms fills in %(min)d and friends itself, so only look the text up here.
    def gettext(self, string: str) -> str:
        return get_translations().ugettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return get_translations().ungettext(singular, plural, n)


translations = CatalogueTranslations()
