"""Deputy photos: checked, scaled and stored as JPEG in the data folder's photos/ (db.paths.photos)."""

from __future__ import annotations

import logging
import uuid
from pathlib import Path

from liaison_desk.errors import KnownError
from liaison_desk.files import atomic_write
from liaison_desk.store.db import Database

log = logging.getLogger(__name__)
PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".bmp", ".gif", ".webp", ".tif", ".tiff")
MAX_SIDE = 800  # pixels; a board photo is printed ~3 cm wide, 800 px is plenty
MAX_BYTES = 30 * 1024 * 1024


def photo_path(db: Database, name: str) -> Path | None:
    """The stored photo file of a deputy, or None when there is none or it went missing."""
    if not name:
        return None
    p = db.paths.photos / Path(name).name
    return p if p.is_file() else None


def store_photo(db: Database, source: Path | str) -> str:
    """Copy a picture the clerk chose into the photos folder, scaled; returns the stored file name.

    Raises KnownError when the file is not a picture the program can read.
    """
    from PIL import Image, ImageOps, UnidentifiedImageError

    source = Path(source)
    if not source.is_file():
        raise KnownError("照片文件不存在", file=source)
    if source.suffix.lower() not in PHOTO_SUFFIXES:
        raise KnownError("不是照片文件（支持 .jpg、.png、.bmp、.gif、.webp、.tif）", file=source)
    if source.stat().st_size > MAX_BYTES:
        raise KnownError("照片文件太大（超过 30 MB）", file=source, hint="请先缩小照片再选择")
    try:
        with Image.open(source) as opened:
            im: Image.Image = ImageOps.exif_transpose(opened)
            im.thumbnail((MAX_SIDE, MAX_SIDE))
            if im.mode not in ("RGB", "L"):
                background = Image.new("RGB", im.size, "white")
                rgba = im.convert("RGBA")
                background.paste(rgba, mask=rgba.split()[3])
                im = background
            name = f"{uuid.uuid4().hex}.jpg"
            db.paths.photos.mkdir(parents=True, exist_ok=True)
            with atomic_write(db.paths.photos / name) as tmp:
                im.convert("RGB").save(tmp, "JPEG", quality=88)
    except (UnidentifiedImageError, OSError, ValueError) as e:
        raise KnownError("照片无法读取，可能不是图片或已经损坏", file=source,
                         hint="请换一张 .jpg 或 .png 照片") from e
    log.info("stored a deputy photo (%s)", name)
    return name


def remove_photo(db: Database, name: str) -> None:
    """Delete a stored photo file that no deputy uses any more."""
    p = photo_path(db, name)
    if p is not None:
        try:
            p.unlink()
        except OSError:
            log.warning("could not remove an old photo file")
