"""Write hostile inputs for the audit readers into a folder (used by tests/test_audit_hostile.py).

Run by hand: python tests/make_hostile_files.py OUTDIR
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path


def _pdf(pages: int, encrypt: bool = False) -> bytes:
    """A minimal valid PDF with ``pages`` pages of text, written by hand (no generator needed)."""
    objects: list[bytes] = []
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(pages))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode())
    font = 3 + 2 * pages
    for i in range(pages):
        stream = f"BT /F1 12 Tf 72 720 Td (Page {i + 1} total 100) Tj ET".encode()
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {4 + 2 * i} 0 R "
            f"/Resources << /Font << /F1 {font} 0 R >> >> >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % n + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    trailer = f"<< /Size {len(objects) + 1} /Root 1 0 R"
    if encrypt:  # a standard security handler that needs a user password we do not give
        trailer += (
            " /Encrypt << /Filter /Standard /V 1 /R 2 /O <" + "00" * 32 + "> /U <" + "11" * 32
        )
        trailer += (
            "> /P -4 >> /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>]"
        )
    out.write(f"trailer\n{trailer} >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def _zip(members: dict[str, bytes], deflate: bool = True) -> bytes:
    buf = io.BytesIO()
    mode = zipfile.ZIP_DEFLATED if deflate else zipfile.ZIP_STORED
    with zipfile.ZipFile(buf, "w", mode) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


XXE = (
    b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>"
)


def write_all(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "empty.txt": b"",
        "junk.pdf": bytes(range(256)) * 64,
        "truncated.pdf": _pdf(3)[:300],
        "encrypted.pdf": _pdf(1, encrypt=True),
        "bomb.docx": _bomb("word/document.xml"),
        "bomb.xlsx": _bomb("xl/workbook.xml"),
        "xxe.docx": _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": XXE}),
        "xxe.xlsx": _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": XXE}),
        "long.pdf": _pdf(500),
        "text_named.docx": "一、部门概况\n年初预算1106.08万元。".encode(),
        "pdf_named.txt": _pdf(1),
        "truncated.docx": _zip({"word/document.xml": b"<w:document/>"})[:40],
    }
    out = {}
    for name, data in files.items():
        path = folder / name
        path.write_bytes(data)
        out[name] = path
    return out


def _bomb(member: str) -> bytes:
    """A small zip whose directory declares a huge member (highly compressible zeros)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", b"<Types/>")
        with z.open(member, "w", force_zip64=True) as fh:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(400):  # 400 MB declared, ~400 KB stored
                fh.write(chunk)
    return buf.getvalue()


if __name__ == "__main__":
    for name, path in write_all(Path(sys.argv[1] if len(sys.argv) > 1 else "hostile")).items():
        print(name, path.stat().st_size)
