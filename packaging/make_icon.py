"""Draw the program icon (a gold star over a ledger on a red seal) into resources/icon.ico and icon.png."""

from __future__ import annotations

import math
import sys
from pathlib import Path

from PIL import Image, ImageDraw

SIZES = (16, 20, 24, 32, 40, 48, 64, 96, 128, 256)
RED, DARK_RED, GOLD, PAPER = (200, 16, 46, 255), (140, 8, 28, 255), (255, 205, 64, 255), (255, 246, 224, 255)
SUPERSAMPLE = 8


def _star(cx: float, cy: float, r: float) -> list[tuple[float, float]]:
    """The ten points of a five-pointed star, one point up."""
    inner = r * math.sin(math.radians(18)) / math.sin(math.radians(54))
    pts = []
    for i in range(10):
        rad = r if i % 2 == 0 else inner
        a = math.radians(-90 + 36 * i)
        pts.append((cx + rad * math.cos(a), cy + rad * math.sin(a)))
    return pts


def draw(size: int) -> Image.Image:
    """One square RGBA image of the icon, drawn large and scaled down for clean edges."""
    s = size * SUPERSAMPLE
    img = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    pad = s * 0.03
    d.rounded_rectangle((pad, pad, s - pad, s - pad), radius=s * 0.2, fill=DARK_RED)
    edge = s * (0.075 if size >= 32 else 0.06)
    d.rounded_rectangle((edge, edge, s - edge, s - edge), radius=s * 0.16, fill=RED)
    if size >= 32:  # a thin gold ring, like a seal; too fine to see at 16-24 px
        ring = s * 0.115
        d.rounded_rectangle((ring, ring, s - ring, s - ring), radius=s * 0.13, outline=GOLD,
                            width=max(SUPERSAMPLE, round(s * 0.018)))
    d.polygon(_star(s * 0.5, s * 0.43, s * (0.25 if size >= 32 else 0.3)), fill=GOLD)
    # an open ledger under the star: two pages with a spine
    top, bottom = s * (0.68 if size >= 32 else 0.72), s * (0.8 if size >= 32 else 0.86)
    left, right, mid = s * 0.26, s * 0.74, s * 0.5
    gap = s * 0.02
    d.polygon([(left, top), (mid - gap, top + s * 0.03), (mid - gap, bottom), (left, bottom - s * 0.03)], fill=PAPER)
    d.polygon([(mid + gap, top + s * 0.03), (right, top), (right, bottom - s * 0.03), (mid + gap, bottom)], fill=PAPER)
    return img.resize((size, size), Image.Resampling.LANCZOS)


def main(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    images = [draw(n) for n in SIZES]
    big = images[-1]
    ico, png = out_dir / "icon.ico", out_dir / "icon.png"
    big.save(ico, format="ICO", sizes=[(n, n) for n in SIZES], append_images=images[:-1])
    big.save(png, format="PNG", optimize=True)
    return [ico, png]


if __name__ == "__main__":
    root = Path(__file__).resolve().parents[1]
    for p in main(Path(sys.argv[1]) if len(sys.argv) > 1 else root / "resources"):
        print(p, p.stat().st_size, "bytes")
