"""The fixed list of sectors, with names in every language through Babel."""
from flask_babel import lazy_gettext as _l

SECTORS = {
    "ict": _l("ICT and software"),
    "healthcare": _l("Healthcare"),
    "education": _l("Education"),
    "engineering": _l("Engineering"),
    "construction": _l("Construction"),
    "hospitality": _l("Hospitality and catering"),
    "culture": _l("Culture and arts"),
    "logistics": _l("Logistics"),
    "finance": _l("Finance and accounting"),
    "legal": _l("Law"),
    "social-work": _l("Social work"),
    "retail": _l("Shops and retail"),
    "agriculture": _l("Agriculture and gardening"),
    "media": _l("Media and communication"),
    "science": _l("Science and research"),
    "sports": _l("Sports"),
    "public-service": _l("Public service"),
    "cleaning": _l("Cleaning"),
    "transport": _l("Transport"),
    "other": _l("Other"),
}


def sector_name(slug: str) -> str:
    """The sector's name in the reader's language."""
    return str(SECTORS.get(slug, slug))
