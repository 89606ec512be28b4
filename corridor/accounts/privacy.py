"""A person's privacy rights as services: the consent history, "download my data" and
"erase my account". Pages, the API and commands all call these functions.

Other apps' personal data (applications, registrations, enrolments, notifications) is
found by model label, so that this module works whichever of them are installed.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from allauth.account.models import EmailAddress
from auditlog.context import disable_auditlog
from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from corridor.accounts.models import (
    ConsentChange,
    ConsentChannel,
    ConsentRecord,
    ConsentSubject,
    Membership,
    User,
)
from corridor.core import audit

#: Other apps' models holding a person's data: label -> field pointing at the user or
#: the talent profile. Recruiters' notes are never exported (they are the recruiter's).
LINKED_MODELS = {
    "pipeline.application": "profile",
    "events.registration": "user",
    "training.enrolment": "profile",
    "notifications.notification": "recipient",
}
#: Reverse relations exported with a row: an application's state transitions, an
#: enrolment's certificate, a registration's meeting requests.
CHILDREN = ("transition", "certificate", "meetingrequest", "meeting")
#: Free-text fields dropped from exports and erased from kept rows.
PRIVATE_TEXT = {"note", "notes", "internal_note", "recruiter_note"}


# --- Consent records ----------------------------------------------------------------------


def record_consent(
    user,
    *,
    subject: str,
    change: str,
    value: str = "",
    organization=None,
    channel: str = ConsentChannel.PAGE,
    path: str = "",
) -> ConsentRecord | None:
    """Add one row to ``user``'s consent history (nothing for profiles without account)."""
    if user is None or not getattr(user, "pk", None):
        return None
    return ConsentRecord.objects.create(
        user=user,
        subject=ConsentSubject(subject),
        change=ConsentChange(change),
        value=value,
        organization=organization,
        channel=ConsentChannel(channel),
        path=(path or "")[:200],
    )


def channel_of(request) -> tuple[str, str]:
    """(channel, path) of a request: the API or a web page."""
    if request is None:
        return ConsentChannel.SYSTEM, ""
    path = request.path
    return (ConsentChannel.API if path.startswith("/api/") else ConsentChannel.PAGE), path


# --- Download my data ---------------------------------------------------------------------


def _row(obj: models.Model, skip: set[str] = frozenset()) -> dict[str, Any]:
    """A model row as JSON-able values: concrete fields, foreign keys as ids with text."""
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.name in skip or field.name in PRIVATE_TEXT:
            continue
        if field.is_relation:
            related_id = getattr(obj, field.attname)
            data[field.name] = related_id
            # Related things by name (position, event, cohort), but never other people's
            # names (recruiters, organisers): those are theirs, not the requester's data.
            if related_id is not None and field.related_model is not User:
                data[f"{field.name}_name"] = str(getattr(obj, field.name))
            continue
        value = field.value_from_object(obj)
        if isinstance(field, models.FileField):
            value = value.name if value else ""
        data[field.name] = value
    return data


def _linked(user, profile) -> dict[str, list[dict[str, Any]]]:
    result: dict[str, list[dict[str, Any]]] = {}
    for label, field_name in LINKED_MODELS.items():
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        owner = profile if field_name == "profile" else user
        if owner is None or not any(f.name == field_name for f in model._meta.get_fields()):
            continue
        rows = []
        for obj in model._default_manager.filter(**{field_name: owner}).order_by("pk"):
            row = _row(obj)
            row.update(_children(obj))
            rows.append(row)
        result[label.split(".")[1] + "s"] = rows
    return result


def _children(obj) -> dict[str, list]:
    """Reverse rows of ``obj`` that belong to the person too (see :data:`CHILDREN`);
    recruiters' notes are not among them."""
    found: dict[str, Any] = {}
    for rel in obj._meta.related_objects:
        name = rel.related_model._meta.model_name
        if name not in {f"{obj._meta.model_name}{word}" for word in CHILDREN} | set(CHILDREN):
            continue
        if rel.one_to_one:
            child = getattr(obj, rel.get_accessor_name(), None)
            found[rel.get_accessor_name()] = _row(child, skip={rel.field.name}) if child else None
        elif rel.one_to_many:
            manager = getattr(obj, rel.get_accessor_name())
            found[rel.get_accessor_name()] = [
                _row(child, skip={rel.field.name}) for child in manager.order_by("pk")
            ]
    return found


def collect_user_data(user: User, *, include_cv: bool = True) -> dict[str, Any]:
    """Everything Corridor holds about ``user``, as one JSON-able document: account,
    roles, talent profile (languages, skills, experience), consents and their history,
    applications with their transitions (not recruiters' notes), registrations,
    enrolments and notifications. The CV is embedded as base64."""
    from corridor.talent.models import TalentProfile

    profile = TalentProfile.objects.filter(user=user).first()
    data: dict[str, Any] = {
        "format": "corridor-personal-data/1",
        "generated_at": timezone.now(),
        "account": {
            "id": user.pk,
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "preferred_language": user.preferred_language,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
            "two_factor": _has_mfa(user),
        },
        "memberships": [
            {
                "role": m.role,
                "organization": m.organization.display_name if m.organization else None,
                "since": m.created_at,
            }
            for m in Membership.objects.filter(user=user).select_related("organization")
        ],
        "profile": None,
        "contact_consents": [],
        "consent_history": [
            {
                "when": r.created_at,
                "what": r.subject,
                "level": r.value,
                "organization": r.organization.display_name if r.organization else None,
                "change": r.change,
                "through": r.channel,
                "path": r.path,
            }
            for r in ConsentRecord.objects.filter(user=user).select_related("organization")
        ],
    }
    if profile is not None:
        section = _row(profile, skip={"user"})
        section["preferred_sectors"] = [str(s) for s in profile.preferred_sectors.all()]
        section["languages"] = [_row(x, skip={"profile"}) for x in profile.languages.all()]
        section["skills"] = [
            {**_row(x, skip={"profile"}), "skill_uri": x.skill.uri}
            for x in profile.skills.select_related("skill")
        ]
        section["experience"] = [_row(x, skip={"profile"}) for x in profile.experience.all()]
        section["cv_file"] = _cv(profile) if include_cv else None
        data["profile"] = section
        data["contact_consents"] = [
            {
                "organization": c.organization.display_name,
                "reason": c.reason,
                "granted_at": c.granted_at,
                "revoked_at": c.revoked_at,
            }
            for c in profile.consents.select_related("organization").order_by("granted_at")
        ]
    data.update(_linked(user, profile))
    return data


def _cv(profile) -> dict[str, str] | None:
    if not profile.cv:
        return None
    try:
        with profile.cv.open("rb") as handle:
            content = handle.read()
    except FileNotFoundError:
        return {"name": profile.cv.name, "missing": "true"}
    return {"name": profile.cv.name, "base64": base64.b64encode(content).decode("ascii")}


def _has_mfa(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user).exists()


class _Encoder(DjangoJSONEncoder):
    """Dates as ISO text; countries (django-countries) and other values as their text."""

    def default(self, o):
        try:
            return super().default(o)
        except TypeError:
            return getattr(o, "code", None) or str(o)


def export_user_data(user: User, *, actor, channel: str) -> str:
    """:func:`collect_user_data` as JSON text, recorded in the audit log."""
    data = collect_user_data(user)
    audit.log_access(user, actor=actor, event="data_download", detail={"channel": channel})
    return json.dumps(data, cls=_Encoder, ensure_ascii=False, indent=2)


# --- Erase my account ---------------------------------------------------------------------


class ErasureRefused(ValidationError):
    """The password did not match (or the account cannot be erased)."""


def placeholder_email(user: User) -> str:
    """A unique address that cannot receive mail (``.invalid`` is reserved, RFC 2606)."""
    return f"erased-{user.pk}@erased.invalid"


def erase_account(user: User, *, password: str, actor=None) -> None:
    """Erase ``user``'s personal data after checking ``password``.

    The profile keeps what the statistics count (institution, nationality, skills,
    languages, study) under an anonymous label; applications, registrations and
    enrolments stay, pointing at it. Name, contact details, CV, free text, e-mail
    addresses, sessions, API tokens, second factors and notifications go; the account is
    deactivated with an unusable password. Audit entries stay with their values masked.
    Raises :class:`ErasureRefused` when the password is wrong.
    """
    if not password or not user.check_password(password):
        raise ErasureRefused(_("The password is not correct; nothing was erased."))
    _erase(User.objects.get(pk=user.pk))  # a plain instance, not the request's lazy user


@transaction.atomic
def _erase(user: User) -> None:
    from corridor.talent.models import TalentProfile, Visibility

    profile = TalentProfile.objects.filter(user=user).first()
    touched: list[models.Model] = [user]
    old_cv = None
    with disable_auditlog():
        if profile is not None:
            touched += [profile, *profile.languages.all(), *profile.skills.all()]
            touched += [*profile.experience.all(), *profile.consents.all()]
            if profile.cv:
                old_cv = (profile.cv.storage, profile.cv.name)
            names = [profile.display_name, profile.full_name, profile.name_latin, profile.email]
            profile.full_name = _("Erased profile #%(number)s") % {"number": profile.pk}
            _scrub_notifications(names, profile.full_name)
            for name in ("name_latin", "email", "phone", "headline", "summary"):
                setattr(profile, name, "")
            profile.student_number = ""
            profile.cv = ""
            profile.visibility = Visibility.NOBODY
            profile.user = None
            profile.save()
            profile.experience.all().delete()
            profile.languages.update(certificate="")
            profile.skills.update(evidence_note="")
            profile.consents.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
            touched += _erase_linked_text(profile)
        user.email = placeholder_email(user)
        user.first_name = ""
        user.last_name = ""
        user.password = make_password(None)
        user.is_active = False
        user.is_staff = False
        user.is_superuser = False
        user.save()
        touched += _erase_registrations(user, _("Erased account #%(number)s") % {"number": user.pk})
        Membership.objects.filter(user=user).delete()
        EmailAddress.objects.filter(user=user).delete()
        _delete_tokens_and_factors(user)
        _delete_sessions(user)
        notifications = _model("notifications.notification")
        if notifications is not None:
            notifications.objects.filter(recipient=user).delete()
    _mask_admin_log(touched)
    audit.log_bulk(
        User,
        actor=None,
        action=audit._entry_model().Action.DELETE,
        event="account_erased",
        count=1,
        detail={"user_id": user.pk, "profile_id": profile.pk if profile else None},
    )
    # Last: the request's audit context stamps the person's e-mail on entries it sees.
    audit.mask_entries_for(touched, actor=user)
    if old_cv:
        storage, name = old_cv
        transaction.on_commit(lambda: storage.delete(name))


def _model(label):
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def _text_fields(model) -> list[str]:
    return [
        f.name
        for f in model._meta.concrete_fields
        if isinstance(f, models.TextField) and not f.null
    ]


def _blank_text(queryset) -> None:
    fields = _text_fields(queryset.model)
    if fields:
        queryset.update(**dict.fromkeys(fields, ""))


def _erase_linked_text(profile) -> list[models.Model]:
    """Blank the free text about the person in rows that stay for the statistics:
    applications (cover note, offer terms, transition comments; recruiters' notes about
    them are deleted) and enrolments. Returns the rows whose audit entries to mask."""
    touched: list[models.Model] = []
    applications = _model("pipeline.application")
    if applications is not None:
        mine = applications.objects.filter(profile=profile)
        touched += list(mine)
        _blank_text(mine)
        transitions = _model("pipeline.applicationtransition")
        if transitions is not None:
            theirs = transitions.objects.filter(application__in=mine)
            touched += list(theirs)
            _blank_text(theirs)
        notes = _model("pipeline.applicationnote")
        if notes is not None:
            theirs = notes.objects.filter(application__in=mine)
            touched += list(theirs)
            theirs.delete()
    enrolments = _model("training.enrolment")
    if enrolments is not None:
        theirs = enrolments.objects.filter(profile=profile)
        touched += list(theirs)
        _blank_text(theirs)
    return touched


def _erase_registrations(user, label: str) -> list[models.Model]:
    """Event registrations stay (attendance counts) without name, e-mail or messages."""
    registrations = _model("events.registration")
    if registrations is None:
        return []
    mine = registrations.objects.filter(user=user)
    touched = list(mine)
    mine.update(name=label, email="")
    requests = _model("events.meetingrequest")
    if requests is not None:
        _blank_text(requests.objects.filter(registration__in=touched))
    return touched


def _scrub_notifications(names: list[str], label: str) -> None:
    """Other people's notifications about the person (a recruiter's "X applied") keep
    their meaning with the anonymous label in place of the name."""
    model = _model("notifications.notification")
    names = sorted({n for n in names if n and len(n) > 2}, key=len, reverse=True)
    if model is None or not names:
        return
    condition = models.Q(pk__in=[])
    for name in names:
        condition |= models.Q(subject__contains=name) | models.Q(body__contains=name)
    for note in model.objects.filter(condition).iterator():
        subject, body = note.subject, note.body
        for name in names:
            subject, body = subject.replace(name, label), body.replace(name, label)
        model.objects.filter(pk=note.pk).update(subject=subject[:255], body=body)


def _delete_tokens_and_factors(user) -> None:
    from allauth.mfa.models import Authenticator
    from rest_framework.authtoken.models import Token

    Token.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()


def _delete_sessions(user) -> None:
    """Sign the person out everywhere (database sessions)."""
    doomed = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            doomed.append(session.pk)
    Session.objects.filter(pk__in=doomed).delete()


def _mask_admin_log(objects) -> None:
    from django.contrib.admin.models import LogEntry as AdminLogEntry
    from django.contrib.contenttypes.models import ContentType

    for obj in objects:
        AdminLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
        ).update(object_repr=audit.ERASED, change_message="")


# --- Retention ----------------------------------------------------------------------------

#: Application states whose personal details are kept only for the retention period.
CLOSED_STATES = ("rejected", "withdrawn")


def purge_closed_applications(days: int | None = None, *, now=None) -> int | None:
    """Anonymise rejected or withdrawn applications last changed more than ``days`` ago
    (default ``REJECTED_APPLICATION_RETENTION_DAYS``): their free text (cover note, offer
    terms, interview place, transition comments) is blanked and recruiters' notes on them
    are deleted. The row stays, so that statistics still count it. Returns how many were
    anonymised, or ``None`` when the pipeline app has no Application model."""
    from datetime import timedelta

    from django.conf import settings
    from django.db.models import Q

    model = _model("pipeline.application")
    if model is None:
        return None
    days = settings.REJECTED_APPLICATION_RETENTION_DAYS if days is None else days
    cutoff = (now or timezone.now()) - timedelta(days=days)
    transitions = _model("pipeline.applicationtransition")
    notes = _model("pipeline.applicationnote")
    text = ("cover_note", "offer_terms", "interview_place")
    pending = Q(pk__in=[])
    for name in text:
        pending |= ~Q(**{name: ""})
    if transitions is not None:
        pending |= Q(pk__in=transitions.objects.exclude(comment="").values("application_id"))
    if notes is not None:
        pending |= Q(pk__in=notes.objects.values("application_id"))
    ids = list(
        model.objects.filter(state__in=CLOSED_STATES, updated_at__lt=cutoff)
        .filter(pending)
        .values_list("pk", flat=True)
    )
    with disable_auditlog(), transaction.atomic():
        model.objects.filter(pk__in=ids).update(**dict.fromkeys(text, ""))
        if transitions is not None:
            transitions.objects.filter(application_id__in=ids).update(comment="")
        if notes is not None:
            notes.objects.filter(application_id__in=ids).delete()
    return len(ids)


def purge(*, now=None) -> dict[str, int | None]:
    """Run every retention rule; what the command and the task report."""
    from corridor.imports.retention import purge_import_files

    return {
        "applications_anonymised": purge_closed_applications(now=now),
        "import_files_deleted": purge_import_files(now=now),
    }
