"""How colours look to readers: WCAG contrast, and dichromat vision simulated (used by the
quiz and figure tests)."""

from __future__ import annotations

import numpy as np


def linear_rgb(hex_colour: str) -> np.ndarray:
    c = np.array([int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)])
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def srgb255(linear: np.ndarray) -> np.ndarray:
    linear = np.clip(linear, 0, 1)
    return 255 * np.where(linear <= 0.0031308, 12.92 * linear, 1.055 * linear ** (1 / 2.4) - 0.055)


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two colours."""
    lum = sorted(float(linear_rgb(h) @ [0.2126, 0.7152, 0.0722]) for h in (a, b))
    return (lum[1] + 0.05) / (lum[0] + 0.05)


# Dichromat simulation in linear RGB (Vienot, Brettel and Mollon 1999): protanopia, deuteranopia.
DICHROMATS = {
    "protan": np.array([[0.11238, 0.88762, 0], [0.11238, 0.88762, 0], [0.00401, -0.00401, 1]]),
    "deutan": np.array([[0.29275, 0.70725, 0], [0.29275, 0.70725, 0], [-0.02234, 0.02234, 1]]),
}


def seen_apart(a: str, b: str, kind: str) -> float:
    """How far apart a and b look to a dichromat: distance of the simulated colours, 0-255 sRGB."""
    m = DICHROMATS[kind]
    return float(np.linalg.norm(srgb255(m @ linear_rgb(a)) - srgb255(m @ linear_rgb(b))))
