"""Domain logic of alliances and agreements: status life cycle, documents, reminders."""

from __future__ import annotations

import datetime
import io
import zipfile
from pathlib import PurePath

import filetype
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from corridor.cooperation.models import (
    TRANSITIONS,
    Agreement,
    AgreementArea,
    AgreementDocument,
    AgreementStatus,
    Citation,
    Source,
)

# --- status life cycle ---------------------------------------------------------------------


def available_transitions(agreement: Agreement) -> list[tuple[str, str]]:
    """(status, label) pairs ``agreement`` may move to."""
    return [(s, AgreementStatus(s).label) for s in TRANSITIONS.get(agreement.status, ())]


def change_status(agreement: Agreement, new_status: str) -> Agreement:
    """Move ``agreement`` to ``new_status`` if the life cycle allows it; ValidationError
    with a message saying why not otherwise."""
    if new_status not in AgreementStatus.values:
        raise ValidationError(_("“%(status)s” is not a status.") % {"status": new_status})
    current = AgreementStatus(agreement.status)
    target = AgreementStatus(new_status)
    if target not in TRANSITIONS[current]:
        allowed = ", ".join(str(AgreementStatus(s).label) for s in TRANSITIONS[current])
        if allowed:
            message = _(
                "An agreement that is “%(current)s” cannot become “%(target)s”; "
                "it can become: %(allowed)s."
            ) % {"current": current.label, "target": target.label, "allowed": allowed}
        else:
            message = _(
                "An agreement that is “%(current)s” is closed: its status cannot change."
            ) % {"current": current.label}
        raise ValidationError(message, code="transition")
    if target in (AgreementStatus.SIGNED, AgreementStatus.IN_FORCE):
        named = agreement.parties.count()
        if named < 2 and not agreement.parties_text:
            raise ValidationError(
                _("Name at least two parties before the agreement is signed."), code="parties"
            )
    if target == AgreementStatus.IN_FORCE and not agreement.valid_from:
        agreement.valid_from = timezone.localdate()
    agreement.status = target
    agreement.save(update_fields=["status", "valid_from", "updated_at"])
    return agreement


def set_areas(agreement: Agreement, areas) -> None:
    areas = set(areas)
    agreement.areas.exclude(area__in=areas).delete()
    existing = set(agreement.areas.values_list("area", flat=True))
    AgreementArea.objects.bulk_create(
        [AgreementArea(agreement=agreement, area=a) for a in sorted(areas - existing)]
    )


# --- documents -----------------------------------------------------------------------------

DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
#: Accepted content type (detected from the bytes) -> extensions its name may have.
DOCUMENT_TYPES = {
    "application/pdf": (".pdf",),
    DOCX: (".docx",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/png": (".png",),
    "image/webp": (".webp",),
}
DOCUMENT_ACCEPT = ",".join(sorted({e for exts in DOCUMENT_TYPES.values() for e in exts}))


def _looks_like_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def detect_document_type(upload) -> str:
    """The content type of an uploaded agreement document or evidence file, judged by its
    bytes: a PDF, Word (.docx), JPEG, PNG or WebP of at most 10 MB whose name ends in a
    matching extension. ValidationError otherwise."""
    size = getattr(upload, "size", None)
    if size is not None and size > DOCUMENT_MAX_BYTES:
        raise ValidationError(
            _("The file is %(size).1f MB; a document may be at most 10 MB.")
            % {"size": size / 1024 / 1024},
            code="too_large",
        )
    upload.seek(0)
    data = upload.read(DOCUMENT_MAX_BYTES + 1)
    upload.seek(0)
    if len(data) > DOCUMENT_MAX_BYTES:
        raise ValidationError(_("A document may be at most 10 MB."), code="too_large")
    if not data:
        raise ValidationError(_("The file is empty."), code="empty")
    kind = filetype.guess(data[:8192])
    if kind is not None and kind.mime == "application/zip" and _looks_like_docx(data):
        mime = DOCX
    else:
        mime = kind.mime if kind else None
    if mime not in DOCUMENT_TYPES:
        found = kind.extension.upper() if kind else _("unknown")
        raise ValidationError(
            _(
                "Only PDF, Word (.docx) or image (JPEG, PNG, WebP) files are accepted; "
                "this file's content is %(type)s."
            )
            % {"type": found},
            code="file_type",
        )
    extension = PurePath(upload.name or "").suffix.lower()
    if extension not in DOCUMENT_TYPES[mime]:
        raise ValidationError(
            _(
                "The file's content is %(type)s but its name ends in “%(extension)s”. "
                "Rename it to end in %(expected)s, or upload the right file."
            )
            % {
                "type": DOCUMENT_TYPES[mime][0].lstrip(".").upper(),
                "extension": extension or _("(nothing)"),
                "expected": DOCUMENT_TYPES[mime][0],
            },
            code="file_type",
        )
    return mime


def add_document(agreement: Agreement, upload, title: str, user=None) -> AgreementDocument:
    mime = detect_document_type(upload)
    return AgreementDocument.objects.create(
        agreement=agreement,
        title=title or PurePath(upload.name).name,
        file=upload,
        content_type=mime,
        size=upload.size or 0,
        uploaded_by=user if getattr(user, "is_authenticated", False) else None,
    )


def delete_document(document: AgreementDocument) -> None:
    storage, name = document.file.storage, document.file.name
    document.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))


# --- expiry reminders ----------------------------------------------------------------------

#: How many days before ``valid_until`` the parties' staff are reminded.
REMINDER_DAYS = 60
STAFF_ROLES = ("secretariat", "institution_admin", "recruiter")

REMINDER_SUBJECT = gettext_lazy("Agreement ending on %(date)s: %(title)s")
REMINDER_BODY = gettext_lazy(
    "The agreement “%(title)s” is valid until %(date)s (%(days)s days from now). "
    "Renew it, record it as completed, or let it expire."
)


def expiring_agreements(today: datetime.date | None = None, days: int = REMINDER_DAYS):
    """Agreements in force (or signed) whose end falls within ``days`` days and whose
    parties have not been reminded of this end date yet."""
    from django.db.models import F, Q

    today = today or timezone.localdate()
    return Agreement.objects.filter(
        status__in=[AgreementStatus.SIGNED, AgreementStatus.IN_FORCE],
        valid_until__isnull=False,
        valid_until__gte=today,
        valid_until__lte=today + datetime.timedelta(days=days),
    ).filter(Q(reminder_sent_for__isnull=True) | ~Q(reminder_sent_for=F("valid_until")))


def party_staff(agreement: Agreement):
    """Users holding a staff role in one of the agreement's parties."""
    from corridor.accounts.models import User

    return (
        User.objects.filter(
            is_active=True,
            memberships__organization__agreement_parties__agreement=agreement,
            memberships__role__in=STAFF_ROLES,
        )
        .distinct()
        .order_by("pk")
    )


def remind_expiring(today: datetime.date | None = None, days: int = REMINDER_DAYS) -> int:
    """Notify the parties' staff of each agreement ending within ``days`` days, once per end
    date; returns how many agreements were reminded about. Safe to run repeatedly."""
    from corridor.notifications.services import notify

    today = today or timezone.localdate()
    reminded = 0
    for agreement in expiring_agreements(today, days):
        with transaction.atomic():
            locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
            if locked.reminder_sent_for == locked.valid_until:
                continue  # another worker got there first
            params = {
                "title": locked.title_en,
                "date": locked.valid_until.isoformat(),
                "days": (locked.valid_until - today).days,
            }
            for user in party_staff(locked):
                notify(
                    user,
                    subject=REMINDER_SUBJECT,
                    body=REMINDER_BODY,
                    params=params,
                    url=locked.get_absolute_url(),
                    kind="agreement_expiring",
                )
            locked.reminder_sent_for = locked.valid_until
            locked.save(update_fields=["reminder_sent_for"])
        reminded += 1
    return reminded


# --- citations -----------------------------------------------------------------------------


def cite(obj, source: Source, locator: str = "") -> Citation:
    """Record that ``obj`` comes from ``source`` (idempotent)."""
    from django.contrib.contenttypes.models import ContentType

    citation, _created = Citation.objects.get_or_create(
        source=source,
        content_type=ContentType.objects.get_for_model(type(obj)),
        object_id=obj.pk,
        locator=locator,
    )
    return citation


def sources_for(obj):
    """The citations of ``obj`` with their sources."""
    from django.contrib.contenttypes.models import ContentType

    if obj is None or obj.pk is None:
        return Citation.objects.none()
    return (
        Citation.objects.filter(
            content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk
        )
        .select_related("source")
        .order_by("source__slug", "pk")
    )


# --- saving an agreement with its parties, people and areas --------------------------------


@transaction.atomic
def save_agreement(agreement: Agreement, *, parties, signatories=(), witnesses=(), areas=()):
    """Save ``agreement`` and make its parties, signatories, witnesses and areas exactly
    the given ones. A signatory signs for the party they work for (primary organisation
    or an affiliation), when that organisation is a party."""
    from corridor.cooperation.models import AgreementParty, AgreementSignatory, SignatoryCapacity

    agreement.full_clean()
    agreement.save()
    wanted = {org.pk for org in parties}
    agreement.parties.exclude(organization_id__in=wanted).delete()
    have = set(agreement.parties.values_list("organization_id", flat=True))
    for org_id in sorted(wanted - have):
        AgreementParty.objects.create(agreement=agreement, organization_id=org_id)
    party_rows = {row.organization_id: row for row in agreement.parties.all()}

    def party_of(person):
        orgs = [
            person.organization_id,
            *person.affiliations.values_list("organization_id", flat=True),
        ]
        return next((party_rows[o] for o in orgs if o in party_rows), None)

    keep = []
    for capacity, people in (
        (SignatoryCapacity.SIGNATORY, signatories),
        (SignatoryCapacity.WITNESS, witnesses),
    ):
        for person in people:
            row, _created = AgreementSignatory.objects.update_or_create(
                agreement=agreement,
                person=person,
                capacity=capacity,
                defaults={
                    "party": party_of(person) if capacity == SignatoryCapacity.SIGNATORY else None
                },
            )
            keep.append(row.pk)
    agreement.signatories.exclude(pk__in=keep).delete()
    set_areas(agreement, areas)
    return agreement
