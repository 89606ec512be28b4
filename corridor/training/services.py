"""Training write paths and the reads other apps use (cooperation targets, insights).

Every write is a plain function, atomic, raising ``ValidationError`` with a message the
user can act on; pages, the API, the demo and tests all go through these.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import BooleanField, Case, Count, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from corridor.talent.models import Evidence, ProfileLanguage, ProfileSkill, TalentProfile
from corridor.taxonomy.levels import numeric_level
from corridor.training.models import (
    ACTIVE_STATUSES,
    Certificate,
    Cohort,
    Competition,
    CompetitionEntry,
    CurriculumStandard,
    Enrolment,
    EnrolmentStatus,
    OrderStatus,
    Programme,
    ProgrammeKind,
    StandardAdoption,
    TalentOrder,
)

# --- reads for other apps -----------------------------------------------------------------


def completions(organization_ids: Iterable[int] | None = None):
    """Completed enrolments, optionally only of programmes run by ``organization_ids``.

    Each row has ``completed_on`` and the booleans ``teacher_training`` and
    ``mandarin_vocational`` (the programme's kind), for alliance targets such as "30,000
    teachers trained" and "100,000 Mandarin + vocational skills trainees"."""
    rows = Enrolment.objects.filter(status=EnrolmentStatus.COMPLETED)
    if organization_ids is not None:
        rows = rows.filter(
            cohort__programme__in=Programme.objects.filter(providers__in=list(organization_ids))
        )
    kind = "cohort__programme__kind"
    return rows.select_related("cohort__programme", "profile").annotate(
        teacher_training=Case(
            When(**{kind: ProgrammeKind.TEACHER_TRAINING}, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
        mandarin_vocational=Case(
            When(**{kind: ProgrammeKind.MANDARIN_VOCATIONAL}, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
    )


def standard_adoptions(organization_ids: Iterable[int] | None = None, *, cross_border=True):
    """Adoptions of curriculum standards, optionally only by ``organization_ids``.

    By default only adoptions in another country than the standard's origin: those count
    towards alliance targets ("210 vocational standards introduced")."""
    rows = StandardAdoption.objects.select_related("standard", "institution")
    if organization_ids is not None:
        rows = rows.filter(institution_id__in=list(organization_ids))
    return rows.cross_border() if cross_border else rows


def programmes_closing(skill_ids: Iterable[int]):
    """Programmes teaching any of ``skill_ids`` (for gap analysis), with their skills."""
    return (
        Programme.objects.teaching(list(skill_ids))
        .prefetch_related("skills__skill", "providers")
        .order_by("title_en", "pk")
    )


# --- enrolments and completions -------------------------------------------------------------


def enrol(cohort: Cohort, profile: TalentProfile) -> Enrolment:
    """Enrol ``profile`` in ``cohort``. Refuses a second enrolment of the same student and
    an enrolment beyond the cohort's places; a withdrawn student may come back."""
    with transaction.atomic():
        locked = Cohort.objects.select_for_update().get(pk=cohort.pk)
        existing = Enrolment.objects.filter(cohort=locked, profile=profile).first()
        if existing is not None and existing.status in ACTIVE_STATUSES:
            raise ValidationError(
                _("%(name)s is already enrolled in this cohort.") % {"name": profile.display_name}
            )
        taken = locked.enrolments.filter(status__in=ACTIVE_STATUSES).count()
        if locked.capacity is not None and taken >= locked.capacity:
            raise ValidationError(
                _("This cohort is full: all %(places)s places are taken.")
                % {"places": locked.capacity}
            )
        if existing is not None:
            existing.status = EnrolmentStatus.ENROLLED
            existing.completed_on = None
            existing.save(update_fields=["status", "completed_on", "updated_at"])
            return existing
        try:
            with transaction.atomic():
                return Enrolment.objects.create(cohort=locked, profile=profile)
        except IntegrityError:
            raise ValidationError(
                _("%(name)s is already enrolled in this cohort.") % {"name": profile.display_name}
            ) from None


def _raise_skill(profile, skill_id: int, level: int, evidence: str, note: str) -> None:
    """Give ``profile`` the skill at ``level`` at least, with the stronger evidence."""
    row = ProfileSkill.objects.filter(profile=profile, skill_id=skill_id).first()
    if row is None:
        ProfileSkill.objects.create(
            profile=profile, skill_id=skill_id, level=level, evidence=evidence, evidence_note=note
        )
        return
    row.level = max(row.level, level)
    row.evidence = evidence
    row.evidence_note = note[:200]
    row.save(update_fields=["level", "evidence", "evidence_note"])


def _raise_language(profile, language: str, scale: str, level: str) -> None:
    row = ProfileLanguage.objects.filter(profile=profile, language=language).first()
    if row is None:
        ProfileLanguage.objects.create(profile=profile, language=language, scale=scale, level=level)
        return
    try:
        better = numeric_level(scale, level) > numeric_level(row.scale, row.level)
    except ValueError:
        better = True
    if better:
        row.scale, row.level = scale, level
        row.save(update_fields=["scale", "level"])


def complete_enrolment(
    enrolment: Enrolment, *, on: dt.date | None = None, grade: str = ""
) -> Certificate:
    """Mark the enrolment completed, add the programme's skills (and language level) to
    the student's profile with the evidence "completed programme", and issue the
    certificate. Refuses withdrawn, failed and already completed enrolments."""
    if enrolment.status != EnrolmentStatus.ENROLLED:
        raise ValidationError(
            _("Only an enrolled student can complete; this enrolment is %(status)s.")
            % {"status": enrolment.get_status_display().lower()}
        )
    on = on or timezone.localdate()
    programme = enrolment.cohort.programme
    with transaction.atomic():
        enrolment.status = EnrolmentStatus.COMPLETED
        enrolment.completed_on = on
        enrolment.grade = grade
        enrolment.save(update_fields=["status", "completed_on", "grade", "updated_at"])
        note = _("Completed %(programme)s (%(date)s)") % {
            "programme": programme.title_en,
            "date": on.isoformat(),
        }
        for taught in programme.skills.all():
            _raise_skill(enrolment.profile, taught.skill_id, taught.level, Evidence.PROGRAMME, note)
        if programme.language and programme.language_scale:
            _raise_language(
                enrolment.profile,
                programme.language,
                programme.language_scale,
                programme.language_level,
            )
        certificate, _created = Certificate.objects.get_or_create(
            enrolment=enrolment, defaults={"issued_on": on}
        )
        user = enrolment.profile.user
        if user is not None:
            from corridor.notifications.services import notify

            notify(
                user,
                subject=gettext_lazy("Certificate: %(programme)s"),
                body=gettext_lazy(
                    "You completed %(programme)s. Its skills are now on your profile and your "
                    "certificate %(code)s is ready; anyone can check it on its verification page."
                ),
                params={"programme": programme.title, "code": certificate.code},
                url=certificate.get_verify_url(),
                kind="training",
            )
    return certificate


ENROLMENT_ENDINGS = {EnrolmentStatus.WITHDRAWN, EnrolmentStatus.FAILED}


def end_enrolment(enrolment: Enrolment, status: str) -> Enrolment:
    """Withdraw or fail an enrolled student (a completed enrolment stays completed)."""
    if status not in ENROLMENT_ENDINGS:
        raise ValidationError(_("Unknown outcome."))
    if enrolment.status != EnrolmentStatus.ENROLLED:
        raise ValidationError(
            _("Only an enrolled student can withdraw or fail; this enrolment is %(status)s.")
            % {"status": enrolment.get_status_display().lower()}
        )
    enrolment.status = status
    enrolment.save(update_fields=["status", "updated_at"])
    return enrolment


# --- talent orders ----------------------------------------------------------------------------

ORDERER, SUPPLIER = "orderer", "supplier"

#: (from, to) -> which side may make the move, and the words for the button and message.
ORDER_TRANSITIONS = {
    (OrderStatus.PROPOSED, OrderStatus.ACCEPTED): (SUPPLIER, gettext_lazy("Accept the order")),
    (OrderStatus.ACCEPTED, OrderStatus.IN_TRAINING): (SUPPLIER, gettext_lazy("Start training")),
    (OrderStatus.IN_TRAINING, OrderStatus.FULFILLED): (
        SUPPLIER,
        gettext_lazy("Mark as fulfilled"),
    ),
    (OrderStatus.PROPOSED, OrderStatus.CANCELLED): (None, gettext_lazy("Cancel the order")),
    (OrderStatus.ACCEPTED, OrderStatus.CANCELLED): (None, gettext_lazy("Cancel the order")),
    (OrderStatus.IN_TRAINING, OrderStatus.CANCELLED): (None, gettext_lazy("Cancel the order")),
}


def order_sides(order: TalentOrder, user) -> set[str]:
    """Which sides of ``order`` the user acts for (platform admins: both)."""
    if getattr(user, "is_superuser", False) or any(
        role == "platform_admin" for role, _org in user.role_grants()
    ):
        return {ORDERER, SUPPLIER}
    orgs = set(user.organization_ids())
    sides = set()
    if order.orderer_id in orgs:
        sides.add(ORDERER)
    if order.supplier_id in orgs:
        sides.add(SUPPLIER)
    return sides


def order_transitions(order: TalentOrder, user) -> list[tuple[str, str]]:
    """(status, label) of the moves ``user`` may make on ``order`` now."""
    sides = order_sides(order, user)
    return [
        (to, str(label))
        for (frm, to), (side, label) in ORDER_TRANSITIONS.items()
        if frm == order.status and (side is None and sides or side in sides)
    ]


def change_order_status(order: TalentOrder, status: str, *, actor) -> TalentOrder:
    """Move ``order`` to ``status`` if the table allows it for the actor's side."""
    move = ORDER_TRANSITIONS.get((order.status, status))
    if move is None:
        raise ValidationError(
            _("A talent order cannot go from %(from)s to %(to)s.")
            % {
                "from": order.get_status_display().lower(),
                "to": str(dict(OrderStatus.choices).get(status, status)).lower(),
            }
        )
    side, _label = move
    sides = order_sides(order, actor)
    if not sides or (side is not None and side not in sides):
        raise ValidationError(_("Only the training institution can make this step."))
    order.status = status
    order.save(update_fields=["status", "updated_at"])
    return order


def _placed_profile_ids(profile_ids: set[int]) -> set[int]:
    """Which of these students have a placed application (empty before the pipeline)."""
    try:
        from corridor.pipeline.services import placed_applications
    except ImportError:
        return set()
    try:
        rows = placed_applications().filter(profile_id__in=profile_ids)
        return set(rows.values_list("profile_id", flat=True))
    except Exception:  # noqa: BLE001 - the pipeline is being built; the page must still work
        return set()


def order_progress(order: TalentOrder) -> dict:
    """Ordered vs enrolled vs trained (completed) vs placed (trained, then placed)."""
    rows = Enrolment.objects.filter(cohort__order=order)
    counts = rows.aggregate(
        enrolled=Count("pk", filter=Q(status__in=ACTIVE_STATUSES)),
        trained=Count("pk", filter=Q(status=EnrolmentStatus.COMPLETED)),
    )
    trained_ids = set(
        rows.filter(status=EnrolmentStatus.COMPLETED).values_list("profile_id", flat=True)
    )
    return {
        "ordered": order.quantity,
        "enrolled": counts["enrolled"],
        "trained": counts["trained"],
        "placed": len(_placed_profile_ids(trained_ids)) if trained_ids else 0,
    }


# --- standards and competitions ---------------------------------------------------------------


def adopt_standard(
    standard: CurriculumStandard, institution, *, adopted_on: dt.date, country: str = ""
) -> StandardAdoption:
    """Record that ``institution`` teaches to ``standard`` (once per institution)."""
    if StandardAdoption.objects.filter(standard=standard, institution=institution).exists():
        raise ValidationError(
            _("%(institution)s has already adopted this standard.")
            % {"institution": institution.display_name}
        )
    country = country or institution.country
    if not country:
        raise ValidationError(_("Give the country where the standard is adopted."))
    return StandardAdoption.objects.create(
        standard=standard, institution=institution, country=country, adopted_on=adopted_on
    )


def record_result(
    competition: Competition, profile: TalentProfile, skill, *, result: str, score=None
) -> CompetitionEntry:
    """Record an entrant's result in one skill; any result gives certified evidence of the
    skill on the profile (a medal at the level "expert", otherwise "advanced")."""
    if not competition.skills.filter(pk=skill.pk).exists():
        raise ValidationError(
            _("%(skill)s is not a skill of this competition.") % {"skill": skill.label}
        )
    with transaction.atomic():
        entry, _created = CompetitionEntry.objects.update_or_create(
            competition=competition,
            profile=profile,
            skill=skill,
            defaults={"result": result, "score": score},
        )
        if result:
            level = 4 if result in ("gold", "silver", "bronze") else 3
            note = _("%(result)s, %(competition)s") % {
                "result": entry.get_result_display(),
                "competition": competition.title_en,
            }
            _raise_skill(profile, skill.pk, level, Evidence.CERTIFIED, str(note))
    return entry


# --- saving with skills -----------------------------------------------------------------------


def _replace_skills(owner, model, fk: str, rows) -> None:
    """Make ``owner``'s skill rows exactly ``rows`` [(skill, level)]."""
    wanted = {skill.pk: level for skill, level in rows}
    model.objects.filter(**{fk: owner}).exclude(skill_id__in=wanted).delete()
    for skill_id, level in wanted.items():
        model.objects.update_or_create(
            **{fk: owner, "skill_id": skill_id}, defaults={"level": level}
        )


def save_programme(programme: Programme, *, providers, skills) -> Programme:
    """Save a programme with its providers and the skills it teaches [(skill, level)]."""
    from django.utils.text import slugify

    from corridor.training.models import ProgrammeSkill

    with transaction.atomic():
        if not programme.key:
            base = slugify(programme.title_en)[:60] or "programme"
            key, n = base, 1
            while Programme.objects.filter(key=key).exclude(pk=programme.pk).exists():
                n += 1
                key = f"{base}-{n}"
            programme.key = key
        programme.full_clean()
        programme.save()
        programme.providers.set(providers)
        _replace_skills(programme, ProgrammeSkill, "programme", skills)
    return programme


def save_order(order: TalentOrder, *, skills) -> TalentOrder:
    """Save a talent order with the skills ordered [(skill, level)]."""
    from django.utils.text import slugify

    from corridor.training.models import TalentOrderSkill

    with transaction.atomic():
        if not order.key:
            base = slugify(order.title_en)[:60] or "order"
            key, n = base, 1
            while TalentOrder.objects.filter(key=key).exclude(pk=order.pk).exists():
                n += 1
                key = f"{base}-{n}"
            order.key = key
        if order.orderer_id and order.orderer_id == order.supplier_id:
            raise ValidationError(_("An organisation cannot order trained people from itself."))
        order.full_clean()
        order.save()
        _replace_skills(order, TalentOrderSkill, "order", skills)
    return order


def save_competition(competition: Competition, *, skills) -> Competition:
    """Save a competition with its skills (trades)."""
    from django.utils.text import slugify

    with transaction.atomic():
        if not competition.key:
            base = slugify(competition.title_en)[:60] or "competition"
            key, n = base, 1
            while Competition.objects.filter(key=key).exclude(pk=competition.pk).exists():
                n += 1
                key = f"{base}-{n}"
            competition.key = key
        if competition.start and competition.end and competition.end < competition.start:
            raise ValidationError(_("The end comes before the start."))
        competition.save()
        competition.skills.set([skill for skill, _level in skills])
    return competition
