"""Write paths and domain rules for talent profiles, shared by pages, imports and the API.

Views stay thin: who may see or change a profile is decided by
``TalentProfile.objects.for_user(user, action)``; what a valid profile, CV or consent is, and
how they are stored, is decided here.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath

import filetype
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.core.permissions import STUDENT, Action, Scope, grants
from corridor.directory.models import INSTITUTION_KINDS, Organization
from corridor.talent.models import (
    ConsentReason,
    ContactConsent,
    Evidence,
    ProfileSkill,
    SkillLevel,
    TalentProfile,
    Visibility,
)
from corridor.taxonomy.models import Label, Skill

# --- Whose profile -----------------------------------------------------------------------


def own_profile(user, action: Action = Action.CHANGE) -> TalentProfile | None:
    """The profile linked to ``user``'s account, if ``user`` may perform ``action`` on it."""
    if not getattr(user, "is_authenticated", False):
        return None
    return TalentProfile.objects.for_user(user, action).filter(user_id=user.pk).first()


def may_create_own_profile(user) -> bool:
    """Whether ``user`` may start a profile of their own (students; one per account)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if Scope.OWN not in grants(user, TalentProfile._meta.label_lower, Action.CREATE):
        return False
    return not TalentProfile.objects.for_user(user, Action.VIEW).filter(user_id=user.pk).exists()


def institutions():
    """Organisations that train students (what a profile's institution may be)."""
    return Organization.objects.filter(kind__in=INSTITUTION_KINDS).order_by("name_en")


def new_profile_for(user) -> TalentProfile:
    """An unsaved profile prefilled from the account: name, e-mail and the institution
    where the user is a student. It is stored when the student first saves it."""
    name = user.get_full_name().strip()
    institution_ids = [org for role, org in user.role_grants() if role == STUDENT and org]
    institution = institutions().filter(pk__in=institution_ids).first()
    return TalentProfile(
        user=user,
        full_name=name,
        name_latin=name if name.isascii() else "",
        email=user.email,
        institution=institution,
        visibility=Visibility.SIGNED_IN,
    )


# --- CV files ----------------------------------------------------------------------------

CV_MAX_BYTES = 5 * 1024 * 1024
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
#: Accepted content type (detected from the bytes) -> the extension the name must have.
CV_TYPES = {
    "application/pdf": ".pdf",
    DOCX: ".docx",
    "text/plain": ".txt",
}
CV_ACCEPT = ",".join(sorted(set(CV_TYPES.values())))


def _looks_like_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def _is_plain_text(head: bytes) -> bool:
    """UTF-8 (with or without BOM) or GB18030 text without control characters."""
    if b"\x00" in head:
        return False
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = head.decode(encoding)
        except UnicodeDecodeError as error:
            if error.start < len(head) - 3:  # not a character cut by the sample's end
                continue
            text = head[: error.start].decode(encoding)
        controls = sum(1 for c in text[:4096] if ord(c) < 32 and c not in "\n\r\t\f")
        return controls <= 8
    return False


def detect_cv_type(upload) -> str:
    """The content type of an uploaded CV, judged by its bytes, not its name.

    Raises ValidationError unless it is a PDF, a Word (.docx) document or UTF-8 text of
    at most 5 MB whose name ends in the matching extension.
    """
    size = getattr(upload, "size", None)
    if size is not None and size > CV_MAX_BYTES:
        raise ValidationError(
            _("The file is %(size).1f MB; a CV may be at most 5 MB.")
            % {"size": size / 1024 / 1024},
            code="too_large",
        )
    upload.seek(0)
    data = upload.read(CV_MAX_BYTES + 1)
    upload.seek(0)
    if len(data) > CV_MAX_BYTES:
        raise ValidationError(_("A CV may be at most 5 MB."), code="too_large")
    if not data:
        raise ValidationError(_("The file is empty."), code="empty")
    kind = filetype.guess(data[:8192])
    if kind is None:
        mime = "text/plain" if _is_plain_text(data[:65536]) else None
    elif kind.mime == "application/zip" and _looks_like_docx(data):
        mime = DOCX
    else:
        mime = kind.mime
    if mime not in CV_TYPES:
        found = kind.extension.upper() if kind else _("unknown")
        raise ValidationError(
            _(
                "Only PDF, Word (.docx) or plain-text (.txt) CVs are accepted; "
                "this file's content is %(type)s."
            )
            % {"type": found},
            code="file_type",
        )
    extension = PurePath(upload.name or "").suffix.lower()
    if extension != CV_TYPES[mime]:
        raise ValidationError(
            _(
                "The file's content is %(type)s but its name ends in “%(extension)s”. "
                "Rename it to end in %(expected)s, or upload the right file."
            )
            % {
                "type": CV_TYPES[mime].lstrip(".").upper(),
                "extension": extension or _("(nothing)"),
                "expected": CV_TYPES[mime],
            },
            code="file_type",
        )
    return mime


def cv_content_type(name: str) -> str:
    suffix = PurePath(name).suffix.lower()
    for mime, extension in CV_TYPES.items():
        if extension == suffix:
            return mime
    return "application/octet-stream"


def _delete_file_later(storage, name: str) -> None:
    if name:
        transaction.on_commit(lambda: storage.delete(name))


# --- Saving ------------------------------------------------------------------------------


@transaction.atomic
def save_profile(form, formsets, *, request=None) -> TalentProfile:
    """Save a validated profile form and its inline formsets (languages, skills,
    experience) in one transaction; a replaced or removed CV file is deleted afterwards.
    A changed visibility goes into the student's consent history."""
    profile = form.instance
    old_cv, old_visibility = "", None
    if profile.pk:
        old_cv, old_visibility = TalentProfile.objects.filter(pk=profile.pk).values_list(
            "cv", "visibility"
        ).first() or ("", None)
    profile = form.save()
    if profile.visibility != old_visibility:
        record_visibility(profile, request=request)
    for formset in formsets:
        formset.instance = profile
        formset.save()
    if old_cv and old_cv != profile.cv.name:
        _delete_file_later(profile.cv.storage, old_cv)
    return profile


@transaction.atomic
def delete_profile(profile: TalentProfile) -> None:
    """Delete a profile with its languages, skills, experience, consents and CV file."""
    if profile.cv:
        _delete_file_later(profile.cv.storage, profile.cv.name)
    profile.delete()


# --- Skills ------------------------------------------------------------------------------


def resolve_skill(skill_id: str | int | None, text: str = "") -> Skill | None:
    """The taxonomy skill a form row names: by the picker's hidden id, else by a concept
    id or an exact label (any language, synonyms included) typed into the field."""
    for candidate in (skill_id, text):
        value = str(candidate or "").strip()
        if value.isascii() and value.isdigit():
            skill = Skill.objects.filter(pk=int(value)).first()
            if skill is not None:
                return skill
    text = (text or "").strip()
    if not text:
        return None
    by_label = Skill.objects.filter(Q(label_en__iexact=text) | Q(label_zh=text))
    if len(found := list(by_label[:2])) == 1:
        return found[0]
    ids = set(
        Label.objects.filter(skill__isnull=False, text__iexact=text).values_list(
            "skill_id", flat=True
        )[:2]
    )
    if len(ids) == 1:
        return Skill.objects.get(pk=ids.pop())
    return None


@transaction.atomic
def add_skills(profile: TalentProfile, skills) -> list[Skill]:
    """Add ``skills`` to the profile as self-declared (skills already there are kept as
    they are). Returns the skills added."""
    have = set(profile.skills.values_list("skill_id", flat=True))
    added = [skill for skill in skills if skill.pk not in have]
    ProfileSkill.objects.bulk_create(
        ProfileSkill(
            profile=profile,
            skill=skill,
            level=SkillLevel.INTERMEDIATE,
            evidence=Evidence.SELF_DECLARED,
        )
        for skill in added
    )
    if added:
        TalentProfile.objects.filter(pk=profile.pk).update(updated_at=timezone.now())
    return added


class SuggestionsUnavailable(Exception):
    """The skill extractor (corridor.taxonomy.extract) is not installed or failed."""


@dataclass
class Suggestion:
    skill: Skill
    phrases: list[str] = field(default_factory=list)
    on_profile: bool = False


def _phrases(item) -> list[str]:
    mentions = getattr(item, "mentions", None) or ()
    found = [getattr(m, "phrase", "") for m in mentions] or [getattr(item, "phrase", "")]
    return list(dict.fromkeys(str(p) for p in found if p))


def read_document_text(file) -> str:
    """The text of an uploaded PDF/DOCX/TXT document (the taxonomy's reader)."""
    try:
        from corridor.taxonomy.extract import read_document
    except ImportError as error:
        raise SuggestionsUnavailable(str(error)) from error
    try:
        file.seek(0)
        text = read_document(file)
    except ValueError as error:  # the reader's messages are meant for the user
        raise ValidationError(str(error)) from error
    return text or ""


def suggest_skills(text: str, profile: TalentProfile | None = None) -> list[Suggestion]:
    """Skills the taxonomy's extractor finds in ``text``, best first, each with the
    phrases of the text that matched; ``on_profile`` marks those the profile lists."""
    try:
        from corridor.taxonomy.extract import get_extractor
    except ImportError as error:
        raise SuggestionsUnavailable(str(error)) from error
    extraction = get_extractor().extract(text or "")
    found = [s for s in extraction.skills if getattr(s, "kind", "skill") == "skill"]
    skills = Skill.objects.in_bulk([s.concept_id for s in found])
    have = set(profile.skills.values_list("skill_id", flat=True)) if profile else set()
    result, seen = [], set()
    for item in found:
        skill = skills.get(item.concept_id)
        if skill is None or skill.pk in seen:
            continue
        seen.add(skill.pk)
        result.append(Suggestion(skill, _phrases(item), skill.pk in have))
    return result


# --- Contact consent ---------------------------------------------------------------------


def active_consents(profile: TalentProfile):
    return (
        profile.consents.filter(revoked_at__isnull=True)
        .select_related("organization")
        .order_by("organization__name_en")
    )


def record_visibility(profile: TalentProfile, *, request=None) -> None:
    """Add the profile's current visibility to its student's consent history."""
    from corridor.accounts import privacy

    channel, path = privacy.channel_of(request)
    privacy.record_consent(
        profile.user,
        subject="visibility",
        change="granted",
        value=profile.visibility,
        channel=channel,
        path=path,
    )


@transaction.atomic
def grant_consent(
    profile: TalentProfile,
    organization: Organization,
    reason: str = ConsentReason.GRANTED,
    *,
    request=None,
) -> ContactConsent:
    """Let ``organization`` see the profile's name and contact details (idempotent);
    recorded in the student's consent history (``request`` says through which page)."""
    from corridor.accounts import privacy

    existing = active_consents(profile).filter(organization=organization).first()
    if existing is not None:
        return existing
    consent = ContactConsent.objects.create(
        profile=profile, organization=organization, reason=reason
    )
    channel, path = privacy.channel_of(request)
    privacy.record_consent(
        profile.user,
        subject="contact",
        change="granted",
        organization=organization,
        channel=channel,
        path=path,
    )
    return consent


@transaction.atomic
def revoke_consent(consent: ContactConsent, *, request=None) -> ContactConsent:
    """Withdraw a consent; it stays on record, marked with when it was revoked, and the
    withdrawal goes into the student's consent history."""
    from corridor.accounts import privacy

    if consent.revoked_at is None:
        consent.revoked_at = timezone.now()
        consent.save(update_fields=["revoked_at"])
        channel, path = privacy.channel_of(request)
        privacy.record_consent(
            consent.profile.user,
            subject="contact",
            change="withdrawn",
            organization=consent.organization,
            channel=channel,
            path=path,
        )
    return consent
