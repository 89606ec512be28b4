"""The certificate as a PDF (reportlab), in English and Chinese.

Chinese text uses reportlab's built-in CID font ``STSong-Light`` (Adobe's Asian font
pack metrics; PDF readers supply the glyphs), so no font file ships with Corridor.
"""

from __future__ import annotations

import io

from django.utils import translation
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from corridor.training.models import Certificate

CJK_FONT = "STSong-Light"
LATIN_FONT = "Helvetica"


def _font() -> str:
    if CJK_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
    return CJK_FONT


def _is_latin(text: str) -> bool:
    return all(ord(ch) < 0x250 for ch in text)


def render_pdf(certificate: Certificate, verify_url: str) -> bytes:
    """One landscape A4 page: holder, programme (EN and ZH), providers, date, grade and the
    verification code with the address where anyone can check it."""
    enrolment = certificate.enrolment
    programme = enrolment.cohort.programme
    profile = enrolment.profile
    cjk = _font()
    buffer = io.BytesIO()
    width, height = landscape(A4)
    pdf = canvas.Canvas(buffer, pagesize=(width, height))
    pdf.setTitle(f"Certificate {certificate.code}")
    pdf.setAuthor("Corridor")

    def line(text: str, y: float, size: float) -> None:
        pdf.setFont(LATIN_FONT if _is_latin(text) else cjk, size)
        pdf.drawCentredString(width / 2, y, text)

    y = height - 90
    line("Certificate of Completion", y, 28)
    line("结业证书", y - 36, 24)
    line("This certifies that / 兹证明", y - 90, 13)
    line(profile.full_name, y - 125, 24)
    if profile.name_latin and profile.name_latin != profile.full_name:
        line(profile.name_latin, y - 150, 14)
    line("has completed the programme / 已完成以下培训项目", y - 185, 13)
    line(programme.title_en, y - 215, 16)
    if programme.title_zh:
        line(programme.title_zh, y - 240, 16)
    providers = ", ".join(org.display_name for org in programme.providers.all())
    if providers:
        line(providers, y - 270, 11)
    with translation.override("en"):
        date = certificate.issued_on.isoformat()
    detail = f"{enrolment.cohort.name} · {date}"
    if enrolment.grade:
        detail += f" · {enrolment.grade}"
    line(detail, y - 295, 11)
    line(f"Verification code / 验证码: {certificate.code}", 70, 12)
    line(verify_url, 52, 10)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
