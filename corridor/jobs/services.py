"""Write paths for projects and positions, shared by pages, imports, the API and the demo.

Views stay thin: they validate input with forms and hand the cleaned values to these
functions, which give new objects their reference, validate the model rules once more
and write everything of one save in one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from corridor.core.text import fold
from corridor.jobs.models import (
    Importance,
    Position,
    PositionLanguage,
    PositionSkill,
    PositionStatus,
    Project,
)
from corridor.taxonomy.levels import LanguageScale
from corridor.taxonomy.models import Occupation, Skill

# --- references ---------------------------------------------------------------------------


def unique_reference(
    model: type[Project] | type[Position],
    enterprise_id: int,
    text: str,
    *,
    exclude_pk: int | None = None,
    max_length: int = 80,
) -> str:
    """A reference for ``text`` not yet used by ``model`` in the enterprise (``-2``, ...)."""
    base = slugify(text, allow_unicode=False)[: max_length - 6].strip("-")
    base = base or model._meta.model_name
    taken = set(
        model._default_manager.filter(enterprise_id=enterprise_id, reference__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("reference", flat=True)
    )
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


# --- concepts typed by hand -------------------------------------------------------------


def resolve_concept(model: type[Skill] | type[Occupation], text: str):
    """The skill or occupation whose label (any language, synonyms included) is exactly
    ``text``, ignoring case and accents; ``None`` when there is none. Used when a concept
    was typed rather than picked from the suggestions (no JavaScript)."""
    text = (text or "").strip()
    if not text:
        return None
    candidates = list(
        model.objects.filter(
            Q(label_en__iexact=text) | Q(label_zh=text) | Q(labels__text__iexact=text)
        )
        .distinct()
        .order_by("-curated", "pk")[:20]
    )
    if not candidates:  # the database compares only ASCII case-insensitively
        folded = fold(text)
        candidates = [
            concept
            for concept in model.objects.filter(
                Q(label_en__icontains=text) | Q(labels__text__icontains=text)
            )
            .distinct()
            .order_by("-curated", "pk")[:50]
            if folded in {fold(concept.label_en), fold(concept.label_zh)}
        ]
    if not candidates:
        return None
    folded = fold(text)
    preferred = [c for c in candidates if folded in {fold(c.label_en), fold(c.label_zh)}]
    return (preferred or candidates)[0]


# --- projects -----------------------------------------------------------------------------


@transaction.atomic
def save_project(project: Project) -> Project:
    """Validate and save a project, giving it a reference from its English title if empty."""
    if not project.reference:
        project.reference = unique_reference(
            Project, project.enterprise_id, project.title_en, exclude_pk=project.pk
        )
    project.full_clean()
    project.save()
    return project


def position_initial_from_project(project: Project) -> dict:
    """What a new position in ``project`` starts with: its enterprise, place and sector."""
    return {
        "project": project.pk,
        "enterprise": project.enterprise_id,
        "country": project.country.code,
        "city": project.city,
        "sector": project.sector_id,
    }


# --- positions ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SkillRequirement:
    skill: Skill
    importance: str = Importance.ESSENTIAL


@dataclass(frozen=True)
class LanguageRequirement:
    language: str
    scale: str
    level: str = ""


def normalise_level(scale: str, level: str) -> str:
    """``('HSK', 'hsk 4')`` -> ``'4'``, ``('CEFR', 'b2')`` -> ``'B2'``, native -> ``''``."""
    if scale == LanguageScale.NATIVE:
        return ""
    level = (level or "").strip().upper().replace(" ", "")
    if scale == LanguageScale.HSK:
        level = level.removeprefix("HSK")
    if scale == LanguageScale.CEFR:
        level = level.removeprefix("CEFR")
    return level


@transaction.atomic
def save_position(
    position: Position,
    *,
    skills: Iterable[SkillRequirement] | None = None,
    languages: Iterable[LanguageRequirement] | None = None,
) -> Position:
    """Validate and save a position with its requirements, all or nothing.

    ``skills`` and ``languages``, when given, replace the position's requirements (rows
    kept where the skill or language stays, so their ids are stable).
    """
    if not position.reference:
        position.reference = unique_reference(
            Position, position.enterprise_id, position.title_en, exclude_pk=position.pk
        )
    position.full_clean()
    position.save()
    if skills is not None:
        set_skills(position, skills)
    if languages is not None:
        set_languages(position, languages)
    return position


def set_skills(position: Position, skills: Iterable[SkillRequirement]) -> None:
    wanted: dict[int, SkillRequirement] = {}
    for requirement in skills:
        if requirement.skill.pk in wanted:
            raise ValidationError(
                _("%(skill)s is listed twice.") % {"skill": requirement.skill.label}
            )
        wanted[requirement.skill.pk] = requirement
    existing = {row.skill_id: row for row in position.skills.all()}
    PositionSkill.objects.filter(position=position).exclude(skill_id__in=wanted).delete()
    for skill_id, requirement in wanted.items():
        row = existing.get(skill_id) or PositionSkill(position=position, skill=requirement.skill)
        if row.pk and row.importance == requirement.importance:
            continue
        row.importance = requirement.importance
        row.full_clean(exclude=["position"])
        row.save()


def set_languages(position: Position, languages: Iterable[LanguageRequirement]) -> None:
    wanted: dict[str, LanguageRequirement] = {}
    for requirement in languages:
        if requirement.language in wanted:
            raise ValidationError(_("A language is listed twice."))
        wanted[requirement.language] = requirement
    existing = {row.language: row for row in position.languages.all()}
    PositionLanguage.objects.filter(position=position).exclude(language__in=wanted).delete()
    for code, requirement in wanted.items():
        row = existing.get(code) or PositionLanguage(position=position, language=code)
        row.scale = requirement.scale
        row.level = normalise_level(requirement.scale, requirement.level)
        row.full_clean(exclude=["position"])
        row.save()


# --- publishing ---------------------------------------------------------------------------

#: status -> the statuses it may change to, with the button that does it.
TRANSITIONS: dict[str, dict[str, str]] = {
    PositionStatus.DRAFT: {PositionStatus.OPEN: _("Publish")},
    PositionStatus.OPEN: {
        PositionStatus.FILLED: _("Mark as filled"),
        PositionStatus.CLOSED: _("Close"),
    },
    PositionStatus.CLOSED: {PositionStatus.OPEN: _("Reopen")},
    PositionStatus.FILLED: {PositionStatus.OPEN: _("Reopen")},
}

DONE_MESSAGES = {
    PositionStatus.OPEN: _("The position is open: students can now find it."),
    PositionStatus.CLOSED: _("The position is closed."),
    PositionStatus.FILLED: _("The position is marked as filled."),
}


def available_transitions(position: Position) -> list[tuple[str, str]]:
    """``(new status, button label)`` for each change the position's status allows."""
    return list(TRANSITIONS.get(position.status, {}).items())


def change_status(position: Position, status: str, *, today: dt.date | None = None) -> Position:
    """Move a position to ``status`` if its current status allows it.

    Raises ``ValidationError`` for a change the workflow does not know, and when opening a
    position whose application deadline has passed.
    """
    if status not in TRANSITIONS.get(position.status, {}):
        raise ValidationError(
            _("A position that is %(current)s cannot become %(new)s.")
            % {
                "current": position.get_status_display().lower(),
                "new": str(dict(PositionStatus.choices).get(status, status)).lower(),
            }
        )
    today = today or timezone.localdate()
    if (
        status == PositionStatus.OPEN
        and position.application_deadline
        and position.application_deadline < today
    ):
        raise ValidationError(
            _("The application deadline (%(date)s) has passed: move it before opening.")
            % {"date": position.application_deadline.isoformat()}
        )
    with transaction.atomic():
        locked = Position.objects.select_for_update().get(pk=position.pk)
        if locked.status != position.status:  # someone else changed it meanwhile
            raise ValidationError(_("The status changed meanwhile; reload the page."))
        locked.status = status
        locked.save(update_fields=["status", "updated_at"])
    position.status = status
    return position


# --- requirements from a job description --------------------------------------------------


@dataclass(frozen=True)
class ConceptSuggestion:
    """A skill or occupation found in a job description, with the words that matched."""

    concept: Skill | Occupation
    phrase: str
    score: float
    matched_label: str = ""
    synonym: bool = False
    current: str = ""  # skills: the importance the position already gives it, if any
    from_skills: bool = False  # occupations inferred from the skills rather than named

    @property
    def percent(self) -> int:
        return round(self.score * 100)


def suggest_requirements(
    position: Position, text: str
) -> tuple[list[ConceptSuggestion], list[ConceptSuggestion]]:
    """Skills and occupations the taxonomy's extractor finds in ``text``, best first,
    marked with what the position already requires."""
    from corridor.taxonomy.extract import get_extractor

    extraction = get_extractor().extract(text or "")
    skills = Skill.objects.in_bulk([s.concept_id for s in extraction.skills])
    occupations = Occupation.objects.in_bulk([o.concept_id for o in extraction.occupations])
    current = dict(position.skills.values_list("skill_id", "importance")) if position.pk else {}
    skill_suggestions = [
        ConceptSuggestion(
            skills[found.concept_id],
            found.phrase,
            found.score,
            matched_label=found.label,
            synonym=found.synonym,
            current=current.get(found.concept_id, ""),
        )
        for found in extraction.skills
        if found.concept_id in skills
    ]
    occupation_suggestions = [
        ConceptSuggestion(
            occupations[found.concept_id],
            found.phrase,
            found.score,
            matched_label=found.label,
            synonym=found.synonym,
            from_skills=found.source == "skills",
        )
        for found in extraction.occupations
        if found.concept_id in occupations
    ]
    return skill_suggestions, occupation_suggestions


@transaction.atomic
def add_requirements(
    position: Position,
    skills: Iterable[SkillRequirement],
    *,
    occupation: Occupation | None = None,
) -> int:
    """Add accepted suggestions to a position (a skill already there takes the importance
    given now); set its occupation if given. Returns how many skills were added or changed."""
    changed = 0
    existing = {row.skill_id: row for row in position.skills.all()}
    for requirement in skills:
        row = existing.get(requirement.skill.pk)
        if row is None:
            row = PositionSkill(position=position, skill=requirement.skill)
        elif row.importance == requirement.importance:
            continue
        row.importance = requirement.importance
        row.full_clean()
        row.save()
        existing[requirement.skill.pk] = row
        changed += 1
    if occupation is not None and position.occupation_id != occupation.pk:
        position.occupation = occupation
        position.save(update_fields=["occupation", "updated_at"])
    return changed
