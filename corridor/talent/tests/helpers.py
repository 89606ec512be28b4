"""Helpers for the talent tests: profiles, what a browser would post, sample files."""

import datetime
import io

from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile

from corridor.talent.models import TalentProfile


def make_profile(user=None, institution=None, **fields):
    values = {
        "full_name": "Ayesha Siddiqui",
        "name_latin": "Ayesha Siddiqui",
        "email": "ayesha@example.test",
        "phone": "+92 300 0000000",
        "nationality": "PK",
        "programme": "Civil engineering",
        "degree_level": "bachelor",
        "visibility": "signed_in",
    }
    values.update(fields)
    return TalentProfile.objects.create(user=user, institution=institution, **values)


def _value(value):
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(getattr(value, "pk", value))


def editor_data(editor) -> dict:
    """What the browser sends back for a profile editor page left as it is."""
    data = {}
    forms_ = [editor.form]
    for formset in editor.formsets.values():
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = _value(management[name].value())
        forms_.extend(formset.forms)
    for form in forms_:
        for name, field in form.fields.items():
            if isinstance(field, forms.FileField):
                continue
            value = form[name].value()
            key = form.add_prefix(name)
            if isinstance(field.widget, forms.CheckboxInput):
                if value:
                    data[key] = "on"
            elif isinstance(value, list | tuple):
                data[key] = [_value(v) for v in value]
            else:
                data[key] = _value(value)
    return data


def row(data: dict, prefix: str, **values) -> dict:
    """Fill the next empty row of the ``prefix`` set (adding one if none is left)."""
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    index = next(
        (
            i
            for i in range(total)
            if not data.get(f"{prefix}-{i}-id")
            and not any(
                data.get(f"{prefix}-{i}-{key}")
                for key in ("language", "skill", "skill_text", "title")
            )
        ),
        None,
    )
    if index is None:
        index = total
        data[f"{prefix}-TOTAL_FORMS"] = str(total + 1)
    for key, value in values.items():
        data[f"{prefix}-{index}-{key}"] = value
    return data


def upload(name, content: bytes):
    return SimpleUploadedFile(name, content)


PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40


def docx_bytes(text="Welding and logistics") -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
