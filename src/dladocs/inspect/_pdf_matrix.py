"""Affine matrices of PDF user space, and the ones that place a page or an appearance.

PDF writes ``[a b c d e f]`` row-vector style: a point ``(x, y)`` goes to
``(a·x + c·y + e, b·x + d·y + f)``.
"""

from __future__ import annotations

from typing import Any

from dladocs.inspect._pdf_objects import get, numbers

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def mult(m: Matrix, n: Matrix) -> Matrix:
    """``m × n`` in PDF's row-vector convention (apply ``m`` first, then ``n``)."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (
        a * p + b * r,
        a * q + b * s,
        c * p + d * r,
        c * q + d * s,
        e * p + f * r + t,
        e * q + f * s + u,
    )


def apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])


def page_matrix(crop: tuple[float, float, float, float], rotation: int) -> Matrix:
    """User space → points from the top-left corner of the page as displayed.

    ``/Rotate`` turns the page clockwise for display, so for 90° the crop box's
    top-left corner ends at the top right.
    """
    left, bottom, right, top = crop
    if rotation == 90:
        return (0.0, 1.0, 1.0, 0.0, -bottom, -left)
    if rotation == 180:
        return (-1.0, 0.0, 0.0, 1.0, right, -bottom)
    if rotation == 270:
        return (0.0, -1.0, -1.0, 0.0, top, right)
    return (1.0, 0.0, 0.0, -1.0, -left, top)


def form_appearance_matrix(stream: Any, rect: list[float]) -> Matrix | None:
    """The matrix that maps an annotation's appearance stream onto its /Rect."""
    bbox = numbers(get(stream, "/BBox"), 4)
    if bbox is None:
        return None
    matrix_values = numbers(get(stream, "/Matrix"), 6)
    matrix: Matrix = IDENTITY
    if matrix_values is not None:
        matrix = (
            matrix_values[0],
            matrix_values[1],
            matrix_values[2],
            matrix_values[3],
            matrix_values[4],
            matrix_values[5],
        )
    corners = [apply(matrix, x, y) for x in (bbox[0], bbox[2]) for y in (bbox[1], bbox[3])]
    x0, x1 = min(c[0] for c in corners), max(c[0] for c in corners)
    y0, y1 = min(c[1] for c in corners), max(c[1] for c in corners)
    if x1 - x0 <= 0 or y1 - y0 <= 0:
        return None
    rx0, ry0, rx1, ry1 = (
        min(rect[0], rect[2]),
        min(rect[1], rect[3]),
        max(rect[0], rect[2]),
        max(rect[1], rect[3]),
    )
    sx = (rx1 - rx0) / (x1 - x0)
    sy = (ry1 - ry0) / (y1 - y0)
    return (sx, 0.0, 0.0, sy, rx0 - x0 * sx, ry0 - y0 * sy)
