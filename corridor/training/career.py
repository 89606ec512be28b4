"""Career planning: for each target position, the suitability now, the missing skills,
the programmes that teach them, and the suitability after each programme.

The "after" score is the matching engine's own score of the student's profile with the
programme's skills (at the level it brings) and language level added: no estimate made
by hand. Read-only; the targets themselves are saved by :func:`add_target`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from corridor.core.permissions import Action
from corridor.jobs.models import Position
from corridor.matching.narrate import STUDENT, Narrative, Narrator
from corridor.matching.world import Vocabulary, get_world
from corridor.talent.models import TalentProfile
from corridor.taxonomy.levels import numeric_level
from corridor.training.models import CareerTarget, Programme
from corridor_match import ProfileSet, explain


@dataclass
class ProgrammeOption:
    programme: Programme
    teaches: list[str]  # labels of the missing skills it teaches
    score: float  # suitability after completing it
    rise: float  # score - current score

    @property
    def rise_points(self) -> int:
        return round(self.rise)


@dataclass
class TargetPlan:
    target: CareerTarget
    position: Position
    narrative: Narrative
    options: list[ProgrammeOption]

    @property
    def score(self) -> float:
        return self.narrative.score

    @property
    def missing(self):
        return self.narrative.missing_essential + self.narrative.missing_optional


def with_programme(me: ProfileSet, vocab: Vocabulary, programme: Programme) -> ProfileSet:
    """``me`` (one row) as it would be after completing ``programme``: each skill taught
    at least at the programme's level, the language at least at its level."""
    row = me.skills.tocsr()
    held = dict(zip(row.indices.tolist(), row.data.tolist(), strict=True))
    taught = list(programme.skills.all())
    dense, known = vocab.skill_index([t.skill_id for t in taught])
    for d, ok, t in zip(dense.tolist(), known.tolist(), taught, strict=True):
        if ok:
            held[d] = max(held.get(d, 0.0), t.level / 4.0)
    cols = np.array(sorted(held), dtype=np.int64)
    skills = sp.csr_matrix(
        (np.array([held[c] for c in cols], dtype=np.float32), (np.zeros(len(cols)), cols)),
        shape=(1, vocab.n_skills),
        dtype=np.float32,
    )
    languages = np.array(me.languages, copy=True)
    col = vocab.language_index.get(programme.language) if programme.language else None
    if col is not None and programme.language_scale:
        try:
            level = numeric_level(programme.language_scale, programme.language_level)
        except ValueError:
            level = 0.0
        languages[0, col] = max(languages[0, col], level)
    return dataclasses.replace(me, skills=skills, languages=languages)


def plan(user, profile: TalentProfile) -> list[TargetPlan]:
    """The career plan of ``profile``: one :class:`TargetPlan` per target position that
    ``user`` may still see, programmes sorted by the rise they bring."""
    targets = list(
        CareerTarget.objects.for_user(user, Action.VIEW)
        .filter(profile=profile)
        .select_related("position__enterprise")
    )
    visible = set(
        Position.objects.for_user(user, Action.VIEW)
        .filter(pk__in=[t.position_id for t in targets])
        .values_list("pk", flat=True)
    )
    targets = [t for t in targets if t.position_id in visible]
    if not targets:
        return []
    vocab = get_world().vocabulary
    me, _ids = vocab.profile_set(TalentProfile.objects.filter(pk=profile.pk))
    narrator = Narrator(vocab, STUDENT)
    plans = []
    for target in targets:
        position = target.position
        wanted, _q = vocab.position_set(Position.objects.filter(pk=position.pk))
        data = explain(me, 0, wanted, 0, vocab.similarity).to_dict()
        narrative = narrator.narrate([(data, profile, position)])[0]
        missing = {line.skill_id: line.label for line in narrative.missing_essential}
        missing.update({line.skill_id: line.label for line in narrative.missing_optional})
        options = []
        if missing:
            programmes = Programme.objects.teaching(list(missing)).prefetch_related("skills")
            for programme in programmes:
                after = explain(
                    with_programme(me, vocab, programme), 0, wanted, 0, vocab.similarity
                ).score
                teaches = [
                    missing[t.skill_id] for t in programme.skills.all() if t.skill_id in missing
                ]
                options.append(
                    ProgrammeOption(
                        programme=programme,
                        teaches=teaches,
                        score=float(after),
                        rise=float(after) - narrative.score,
                    )
                )
            options.sort(key=lambda o: (-o.rise, o.programme.title_en))
        plans.append(
            TargetPlan(target=target, position=position, narrative=narrative, options=options)
        )
    return plans


def add_target(user, profile: TalentProfile, position_id) -> CareerTarget:
    """Add a position the user may see to ``profile``'s plan (once)."""
    position = (
        Position.objects.for_user(user, Action.VIEW).filter(pk=position_id).first()
        if str(position_id).isascii() and str(position_id).isdigit()
        else None
    )
    if position is None:
        raise ValidationError(_("Choose a position from the list."))
    try:
        with transaction.atomic():
            return CareerTarget.objects.create(profile=profile, position=position)
    except IntegrityError:
        raise ValidationError(_("This position is already in your plan.")) from None
