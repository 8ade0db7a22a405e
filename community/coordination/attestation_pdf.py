"""The attestation as a PDF: Dutch and the member's language side by side (Arabic and Persian right to
left, Tigrinya in Ethiopic script), signed by the chapter with its name and the issuing date, with the
verification address and code. WeasyPrint lays it out from HTML; the fonts (from npm, see the Makefile's
`assets`) are embedded, so every reader sees the same letters."""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from flask import current_app, render_template, url_for
from flask_babel import force_locale, format_date, format_decimal
from flask_babel import gettext as _
from weasyprint import HTML

from community.coordination.models import Attestation
from community.coordination.reference import sector_name
from community.core.i18n import LANGUAGES, text_direction

# (font family in the PDF's CSS, file under static/vendor/)
FONTS = (("Brug Latin", "noto-sans-latin-400.woff2"), ("Brug Latin Ext", "noto-sans-latin-ext-400.woff2"),
         ("Brug Arabic", "noto-sans-arabic-400.woff2"), ("Brug Ethiopic", "noto-sans-ethiopic-400.woff2"))
DUTCH = "nl"


def pdf_fonts() -> list[tuple[str, str]]:
    """(font family, file URI) of the embedded fonts, Arabic and Ethiopic included (also for sign-in cards)."""
    return _fonts()


def _fonts() -> list[tuple[str, str]]:
    folder = Path(current_app.static_folder or "") / "vendor"
    return [(family, (folder / name).as_uri()) for family, name in FONTS if (folder / name).exists()]


def _day(value: str | None) -> str:
    return format_date(date.fromisoformat(value), format="long") if value else ""


def _column(locale: str, content: dict[str, Any], revoked: bool) -> dict[str, Any]:
    """Every text of one language's column, in that language."""
    with force_locale(locale):
        chapter = content.get("chapter_name") or ""
        rows = [{"name": o["name"] if not o.get("events") else _("Volunteering events of Brug %(chapter)s",
                                                                  chapter=o["name"]),
                 "sector": sector_name(o["sector"]) if o.get("sector") else "",
                 "period": _day(o["from"]) if o["from"] == o["to"] else _("%(start)s to %(end)s",
                                                                         start=_day(o["from"]), end=_day(o["to"])),
                 "days": format_decimal(o["days"]), "tasks": ", ".join(o.get("tasks", []))}
                for o in content.get("organisations", [])]
        return {
            "lang": locale, "dir": text_direction(locale), "language": LANGUAGES.get(locale, locale),
            "title": _("Attestation of volunteer work"),
            "intro": _("Brug %(chapter)s declares that %(name)s did volunteer work through Brug at these "
                       "organisations:", chapter=chapter, name=content.get("name", "")),
            "headers": {"organisation": _("Organisation"), "period": _("Period"), "days": _("Days"),
                        "tasks": _("Tasks")},
            "rows": rows,
            "total": _("In total: %(days)s days of volunteer work.", days=format_decimal(content.get("days_total", 0))),
            "signed": _("Issued by Brug %(chapter)s on %(date)s.", chapter=chapter,
                        date=_day(content.get("issued_on"))),
            "no_signature": _("This attestation needs no handwritten signature: check it online."),
            "verify": _("Check that it is genuine at this address, with the code below:"),
            "revoked": _("This attestation was revoked.") if revoked else "",
        }


def render_pdf(attestation: Attestation) -> bytes:
    """The attestation as PDF bytes (made on request, never stored)."""
    content = attestation.content or {}
    url = url_for("coordination_verify.verify", code=attestation.code, _external=True)
    locales = [DUTCH] + ([content["locale"]] if content.get("locale") in LANGUAGES
                         and content.get("locale") != DUTCH else [])
    columns = [_column(locale, content, not attestation.is_valid) for locale in locales]
    html = render_template("coordination/attestation_pdf.html", columns=columns, fonts=_fonts(),
                           code=attestation.code, url=url, name=content.get("name", ""))
    return HTML(string=html, base_url=current_app.static_folder).write_pdf()
