"""Security headers on every response, set in one place.

The pages run no inline script and carry no inline style: scripts and styles come from our own static
files (the figures page hands its data over in a `<script type="application/json">` block, which is
data, not code, and which CSP does not block). Socket.IO connects to this origin, which 'self' covers
for ws:/wss: as well. WeasyPrint renders attestation PDFs on the server from HTML it gets as a string,
so these headers never reach it.
"""
from __future__ import annotations

from flask import Flask, Response

CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))
# No page uses any of these powers; an embedded or injected script gets none of them either.
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in (
    "accelerometer", "camera", "display-capture", "geolocation", "gyroscope", "magnetometer",
    "microphone", "midi", "payment", "usb", "interest-cohort",
))
HSTS = "max-age=31536000; includeSubDomains"


def init_security_headers(app: Flask) -> None:
    """Add the headers after every request (errors and static files included)."""

    @app.after_request
    def security_headers(response: Response) -> Response:
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")  # for browsers that ignore frame-ancestors
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if app.config.get("SECURITY_HSTS"):
            headers.setdefault("Strict-Transport-Security", HSTS)
        return response
