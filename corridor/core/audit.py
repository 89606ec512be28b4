"""The audit log: which models are tracked, and the entries that signals cannot write.

django-auditlog records every create/update/delete of the models in
:data:`PERSONAL_MODELS` (with the request's user as actor, through its middleware).
Reading personal data out of Corridor (exports, data downloads, CV downloads) and bulk
writes (imports, which bypass signals) are recorded here explicitly, one entry each.
Models are named by label so that core imports no domain app; those not installed
(yet) are skipped.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType

#: label -> auditlog.register() options. Passwords, tokens and secrets are never stored;
#: contact details and free text are masked (their change is recorded, not the value).
PERSONAL_MODELS: dict[str, dict[str, Any]] = {
    "accounts.user": {
        "exclude_fields": ["last_login", "password"],
        "mask_fields": ["email", "first_name", "last_name"],
    },
    "accounts.membership": {},
    "talent.talentprofile": {
        "mask_fields": ["full_name", "name_latin", "email", "phone", "summary", "cv"],
    },
    "talent.profilelanguage": {},
    "talent.profileskill": {},
    "talent.experience": {"mask_fields": ["description"]},
    "talent.contactconsent": {},
    "directory.person": {"mask_fields": ["email", "phone"]},
    "pipeline.application": {"mask_fields": ["cover_note", "offer_terms"]},
    "pipeline.applicationtransition": {"mask_fields": ["comment"]},
    "pipeline.applicationnote": {"mask_fields": ["text"]},
    "events.registration": {"mask_fields": ["name", "email"]},
    "events.meetingrequest": {"mask_fields": ["message"]},
    "training.enrolment": {},
    "training.certificate": {},
}


def register_personal_models() -> list[str]:
    """Register :data:`PERSONAL_MODELS` with auditlog; returns the labels registered."""
    from auditlog.registry import auditlog

    done = []
    for label, options in PERSONAL_MODELS.items():
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError):
            continue  # that app has not landed its model yet
        names = {f.name for f in model._meta.get_fields()}
        kwargs = {key: [name for name in value if name in names] for key, value in options.items()}
        if not auditlog.contains(model):
            auditlog.register(model, **kwargs)
        done.append(label)
    return done


def _entry_model():
    from auditlog.models import LogEntry

    return LogEntry


def log_access(obj, *, actor, event: str, detail: dict | None = None):
    """Record that ``actor`` read ``obj``'s personal data out of Corridor (``event``: e.g.
    "data_download", "cv_download")."""
    entry = _entry_model()
    return entry.objects.log_create(
        obj,
        force_log=True,
        action=entry.Action.ACCESS,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        changes={},
        additional_data={"event": event, **(detail or {})},
    )


def log_bulk(
    model,
    *,
    actor,
    action: int,
    event: str,
    count: int,
    detail: dict | None = None,
    object_pk: str = "*",
):
    """One entry for a bulk read or write of ``model`` rows (an export file, an import
    batch): signals do not see them, so they are recorded here as a whole."""
    entry = _entry_model()
    return entry.objects.create(
        content_type=ContentType.objects.get_for_model(model),
        object_pk=object_pk,
        object_repr=f"{model._meta.verbose_name_plural} ({count})",
        action=action,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_email=getattr(actor, "email", None) if actor else None,
        changes={},
        additional_data={"event": event, "rows": count, **(detail or {})},
    )


def log_export(model, *, actor, kind: str, fmt: str, count: int, channel: str):
    """An export file of ``count`` rows of ``model`` written for ``actor`` (or the console)."""
    entry = _entry_model()
    return log_bulk(
        model,
        actor=actor,
        action=entry.Action.ACCESS,
        event="export",
        count=count,
        detail={"kind": kind, "format": fmt, "channel": channel},
    )


ERASED = "[erased]"


def mask_entries_for(objects, *, actor=None) -> int:
    """Keep the audit entries about ``objects`` (and those ``actor`` made) but blank the
    personal values in them: changed values, the object's text and serialised data,
    and the actor's e-mail. Returns the number of entries touched."""
    entry = _entry_model()
    touched = 0
    for obj in objects:
        rows = entry.objects.filter(
            content_type=ContentType.objects.get_for_model(obj), object_pk=str(obj.pk)
        )
        for row in rows.iterator():
            row_changes = row.changes if isinstance(row.changes, dict) else {}
            masked = {field: [ERASED, ERASED] for field in row_changes}
            entry.objects.filter(pk=row.pk).update(
                changes=masked,
                changes_text="",
                object_repr=ERASED,
                serialized_data=None,
            )
            touched += 1
    if actor is not None:
        touched += entry.objects.filter(actor_id=actor.pk).update(actor_email=None)
    return touched
