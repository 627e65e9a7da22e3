"""QR codes: a voucher's code as a PNG to send, and the codes found in a photo the cooperative sends."""

from __future__ import annotations

import io

import qrcode
import zxingcpp
from PIL import Image, UnidentifiedImageError
from qrcode.constants import ERROR_CORRECT_M

#: Photos larger than this many pixels a side are scaled down before decoding (speed, not accuracy).
MAX_SIDE = 1600


def qr_png(text: str, *, box_size: int = 10) -> bytes:
    """``text`` as a black-on-white QR code PNG with a quiet zone."""
    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=box_size, border=4)
    qr.add_data(text)
    qr.make(fit=True)
    buffer = io.BytesIO()
    qr.make_image(fill_color="black", back_color="white").save(buffer, format="PNG")
    return buffer.getvalue()


def read_qr(image: bytes) -> list[str]:
    """The texts of the QR codes in an image (JPEG, PNG...); empty if none is found or it is no image."""
    try:
        with Image.open(io.BytesIO(image)) as opened:
            picture = opened.convert("L")
    except (UnidentifiedImageError, OSError, ValueError):
        return []
    if max(picture.size) > MAX_SIDE:
        picture.thumbnail((MAX_SIDE, MAX_SIDE))
    return [
        found.text
        for found in zxingcpp.read_barcodes(
            picture, formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
        )
    ]
