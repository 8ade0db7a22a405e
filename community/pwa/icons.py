"""The app icons, drawn at first request (a white bridge on the brand blue); nothing binary in the repo."""
from __future__ import annotations

import io
from functools import lru_cache

from PIL import Image, ImageDraw

BRAND = (11, 92, 173)  # --brand in brug.css
WHITE = (255, 255, 255)
SIZES = (192, 512)


@lru_cache(maxsize=len(SIZES))
def icon_png(size: int) -> bytes:
    """A square PNG icon; the drawing keeps inside the middle 80 %, so it also serves as "maskable"."""
    scale = 4  # draw large and shrink, for smooth edges
    big = size * scale
    image = Image.new("RGB", (big, big), BRAND)
    draw = ImageDraw.Draw(image)
    line = big // 16
    left, right = big * 0.2, big * 0.8
    deck = big * 0.6
    # the arch, the deck and two piers: a bridge ("brug")
    draw.arc((left, big * 0.3, right, big * 0.9), start=180, end=360, fill=WHITE, width=line)
    draw.rectangle((left - line / 2, deck - line / 2, right + line / 2, deck + line / 2), fill=WHITE)
    for x in (left, right):
        draw.rectangle((x - line / 2, deck, x + line / 2, big * 0.72), fill=WHITE)
    out = io.BytesIO()
    image.resize((size, size), Image.LANCZOS).save(out, "PNG", optimize=True)
    return out.getvalue()
