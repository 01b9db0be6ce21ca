"""Value types shared by the recognition modules."""

from __future__ import annotations

from typing import Literal

import numpy as np
import numpy.typing as npt

Palette = Literal["colour", "black", "blue", "other"]
StarShape = Literal["five", "disc", "other"]
RGB = tuple[int, int, int]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
