"""Checks on uploaded documents: an allowed type (by extension AND by content) and a size limit."""

from __future__ import annotations

from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

MAX_BYTES = 20 * 1024 * 1024

# extension -> (content type, the bytes the file starts with; None = plain text)
ALLOWED: dict[str, tuple[str, tuple[bytes, ...] | None]] = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    ".odt": ("application/vnd.oasis.opendocument.text", (b"PK\x03\x04",)),
    ".txt": ("text/plain", None),
}


def check(upload: UploadedFile) -> str:
    """Return the content type of an acceptable upload, or raise ValidationError in Danish."""
    extension = PurePath(upload.name or "").suffix.lower()
    if extension not in ALLOWED:
        raise ValidationError(
            {"upload": _("Filtypen er ikke tilladt. Tilladte typer: PDF, PNG, JPEG, DOCX, ODT og TXT.")}
        )
    size = upload.size or 0
    if size == 0:
        raise ValidationError({"upload": _("Filen er tom.")})
    if size > MAX_BYTES:
        raise ValidationError({"upload": _("Filen er for stor. Den må højst fylde 20 MB.")})
    content_type, signatures = ALLOWED[extension]
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    if signatures is None:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError:
            if b"\x00" in head:
                raise ValidationError({"upload": _("Filens indhold passer ikke til filtypen.")}) from None
    elif not any(head.startswith(sig) for sig in signatures):
        raise ValidationError({"upload": _("Filens indhold passer ikke til filtypen.")})
    return content_type
