"""Small valid files made in code: JPEG and PNG pictures, PDF and DOCX attachments.

Every file is a pure function of its name, so a test can recompute what the crawler should
have stored. No imaging library is needed: the JPEG is a solid-colour baseline image whose
8x8 blocks carry only a DC coefficient, the PNG an RGB gradient compressed with zlib.
"""

from __future__ import annotations

import hashlib
import io
import struct
import zipfile
import zlib


def _shade(name: str) -> tuple[int, int, int]:
    digest = hashlib.sha256(name.encode("utf-8")).digest()
    return digest[0], digest[1], digest[2]


# Standard JPEG luminance DC Huffman table (ITU T.81 Annex K.3): code for each size category.
_DC_BITS = (0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0)
_DC_CODES = {
    0: "00",
    1: "010",
    2: "011",
    3: "100",
    4: "101",
    5: "110",
    6: "1110",
    7: "11110",
    8: "111110",
    9: "1111110",
    10: "11111110",
    11: "111111110",
}


def _segment(marker: int, payload: bytes) -> bytes:
    return struct.pack(">BBH", 0xFF, marker, len(payload) + 2) + payload


def jpeg_bytes(name: str, width: int = 32, height: int = 24) -> bytes:
    """A grayscale baseline JPEG of one shade, with `name` in a comment so each file differs."""
    level = _shade(name)[0]
    dc = 8 * (level - 128)  # the DC coefficient of a flat block (quantiser 1)
    blocks = (width // 8) * (height // 8)
    bits = []
    previous = 0
    for _ in range(blocks):
        diff = dc - previous
        previous = dc
        size = abs(diff).bit_length()
        bits.append(_DC_CODES[size])
        if size:
            value = diff if diff >= 0 else diff + (1 << size) - 1
            bits.append(format(value, f"0{size}b"))
        bits.append("0")  # end of block: the only AC symbol, coded as a single 0 bit
    stream = "".join(bits)
    stream += "1" * (-len(stream) % 8)
    scan = bytearray()
    for i in range(0, len(stream), 8):
        byte = int(stream[i : i + 8], 2)
        scan.append(byte)
        if byte == 0xFF:
            scan.append(0)  # byte stuffing
    out = io.BytesIO()
    out.write(b"\xff\xd8")
    out.write(_segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"))
    out.write(_segment(0xFE, name.encode("utf-8")[:200]))
    out.write(_segment(0xDB, b"\x00" + b"\x01" * 64))
    out.write(_segment(0xC0, struct.pack(">BHHB", 8, height, width, 1) + b"\x01\x11\x00"))
    dc_values = bytes(range(12))
    out.write(_segment(0xC4, b"\x00" + bytes(_DC_BITS) + dc_values))
    out.write(_segment(0xC4, b"\x10" + bytes([1] + [0] * 15) + b"\x00"))
    out.write(_segment(0xDA, b"\x01\x01\x00\x00\x3f\x00"))
    out.write(bytes(scan))
    out.write(b"\xff\xd9")
    return out.getvalue()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data))
        + kind
        + data
        + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def png_bytes(name: str, width: int = 24, height: int = 16) -> bytes:
    """An RGB PNG: a horizontal gradient from a shade derived from `name`."""
    r, g, b = _shade(name)
    rows = bytearray()
    for _y in range(height):
        rows.append(0)
        for x in range(width):
            rows += bytes(((r + 4 * x) % 256, g, b))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(bytes(rows), 9))
        + _png_chunk(b"IEND", b"")
    )


def pdf_bytes(title: str) -> bytes:
    """A one-page PDF 1.4 whose page shows an ASCII rendering of `title` (xref offsets exact)."""
    text = title.encode("ascii", "replace").decode("ascii").replace("(", "[").replace(")", "]")
    content = f"BT /F1 12 Tf 50 780 Td ({text}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(content)).encode() + b" >>\nstream\n" + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


_DOCX_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_DOCX_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)


def docx_bytes(title: str) -> bytes:
    """A minimal Word document with `title` as its one paragraph; fixed zip dates, so stable."""
    from xml.sax.saxutils import escape

    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body><w:p><w:r><w:t>{escape(title)}</w:t></w:r></w:p></w:body></w:document>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, text in (
            ("[Content_Types].xml", _DOCX_TYPES),
            ("_rels/.rels", _DOCX_RELS),
            ("word/document.xml", document),
        ):
            info = zipfile.ZipInfo(path, date_time=(2016, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"))
    return out.getvalue()


def file_bytes(name: str, title: str = "") -> bytes:
    """The bytes of a generated file, chosen by its extension."""
    lower = name.lower()
    if lower.endswith(".png"):
        return png_bytes(name)
    if lower.endswith((".jpg", ".jpeg")):
        return jpeg_bytes(name)
    if lower.endswith(".pdf"):
        return pdf_bytes(title or name)
    if lower.endswith(".docx"):
        return docx_bytes(title or name)
    return (title or name).encode("utf-8")
