"""Explanations in words (English and Chinese, via gettext) from ``Explanation.to_dict()``.

The engine explains a score with ids and numbers; :class:`Narrator` turns a batch of them
into :class:`Narrative` objects ready for templates: the score and each component's points,
matched skills (exactly, or through a related / broader / narrower skill with partial
credit), missing essential and optional skills (linked to the skill's taxonomy page and to
programmes teaching it), each language requirement ("Chinese: HSK 4 required, you have HSK
3"), education, location, availability and the hard requirements that failed.

``audience="student"`` speaks to the candidate ("you have"); ``"recruiter"`` speaks about
them ("the candidate has"). A batch costs three queries (skills, the profiles' languages,
the positions' languages), whatever its size.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from corridor.core.choices import EducationLevel, language_name
from corridor.jobs.models import Position, PositionLanguage
from corridor.matching.training import programmes_teaching
from corridor.matching.world import Vocabulary, day_date
from corridor.talent.models import ProfileLanguage, SkillLevel, TalentProfile
from corridor.taxonomy.models import Skill
from corridor_match import COMPONENTS

STUDENT = "student"
RECRUITER = "recruiter"

COMPONENT_LABELS = {
    "essential_skills": gettext_lazy("Essential skills"),
    "optional_skills": gettext_lazy("Optional skills"),
    "language": gettext_lazy("Languages"),
    "education": gettext_lazy("Education"),
    "location": gettext_lazy("Location"),
    "availability": gettext_lazy("Availability"),
}

HARD_FAILURES = {
    "LANGUAGE": gettext_lazy("A required language level is not reached."),
    "EDUCATION": gettext_lazy("The education is below the position's minimum."),
    "ESSENTIAL_COVERAGE": gettext_lazy("Too few of the position's essential skills are covered."),
    "AVAILABILITY": gettext_lazy("Available too long after the position starts."),
}

EDUCATION_LABELS = list(EducationLevel)  # index = engine Education value


@dataclass
class Line:
    """One statement and whether the requirement behind it is met (None: no verdict)."""

    text: str
    met: bool | None = None


@dataclass
class SkillLine:
    skill_id: int
    label: str
    url: str
    text: str
    credit: float | None = None
    programmes: list[dict] = field(default_factory=list)

    @property
    def credit_percent(self) -> int:
        return round(100 * (self.credit or 0))


@dataclass
class Component:
    key: str
    label: str
    points: float
    max_points: float
    value: float


@dataclass
class Narrative:
    score: float
    eligible: bool
    summary: str
    components: list[Component]
    matched: list[SkillLine]
    missing_essential: list[SkillLine]
    missing_optional: list[SkillLine]
    languages: list[Line]
    education: Line
    location: Line
    availability: Line
    hard_failures: list[str]
    penalty: str
    raw: dict[str, Any]


def summary_of(score: float, eligible: bool) -> str:
    if not eligible:
        return _("A hard requirement is not met")
    if score >= 75:
        return _("Strong match")
    if score >= 50:
        return _("Good match")
    if score >= 30:
        return _("Partial match")
    return _("Weak match")


def level_label(scale: str, level: str) -> str:
    if scale == "native":
        return _("native speaker")
    return f"{scale} {level}".strip()


class Narrator:
    """Words for a batch of explanations (see the module docstring)."""

    def __init__(self, vocabulary: Vocabulary, audience: str = STUDENT) -> None:
        self.vocabulary = vocabulary
        self.audience = audience

    def _says(self, student: str, recruiter: str) -> str:
        return student if self.audience == STUDENT else recruiter

    # --- batch --------------------------------------------------------------------------
    def narrate(self, items: Sequence[tuple[dict, TalentProfile, Position]]) -> list[Narrative]:
        vocab = self.vocabulary
        dense: set[int] = set()
        for data, _p, _q in items:
            for m in data["matched_essential"] + data["matched_optional"]:
                dense.add(m["skill"])
                if m["via"] is not None:
                    dense.add(m["via"])
            dense.update(data["missing_essential"])
            dense.update(data["missing_optional"])
        pks = {d: vocab.skill_pk(d) for d in dense}
        skills = Skill.objects.only("pk", "label_en", "label_zh", "broader_id").in_bulk(
            list(pks.values())
        )
        missing = {
            pks[d]
            for data, _p, _q in items
            for d in data["missing_essential"] + data["missing_optional"]
        }
        programmes: dict[int, list[dict]] = defaultdict(list)
        for programme in programmes_teaching(sorted(missing)) if missing else []:
            programmes[programme["skill_id"]].append(programme)
        held = defaultdict(dict)
        for owner, code, scale, level in ProfileLanguage.objects.filter(
            profile_id__in={p.pk for _d, p, _q in items}
        ).values_list("profile_id", "language", "scale", "level"):
            held[owner][code] = (scale, level)
        wanted = defaultdict(dict)
        for owner, code, scale, level in PositionLanguage.objects.filter(
            position_id__in={q.pk for _d, _p, q in items}
        ).values_list("position_id", "language", "scale", "level"):
            wanted[owner][code] = (scale, level)
        urls = {pk: skill.get_absolute_url() for pk, skill in skills.items()}
        context = _Context(pks, skills, urls, programmes, held, wanted)
        return [self._one(data, p, q, context) for data, p, q in items]

    # --- one pair -----------------------------------------------------------------------
    def _one(
        self, data: dict, profile: TalentProfile, position: Position, ctx: _Context
    ) -> Narrative:
        failures = data["hard_failures"]
        components = [
            Component(
                key=c,
                label=str(COMPONENT_LABELS[c]),
                points=data["contributions"][c],
                max_points=100.0 * data["weights"][c],
                value=data["components"][c],
            )
            for c in COMPONENTS
        ]
        penalty = ""
        if failures:
            penalty = _(
                "A hard requirement is not met, so every part of the score is multiplied "
                "by %(factor)s."
            ) % {"factor": f"{data['hard_fail_factor']:g}"}
        return Narrative(
            score=data["score"],
            eligible=not failures,
            summary=summary_of(data["score"], not failures),
            components=components,
            matched=[
                self._matched(m, ctx) for m in data["matched_essential"] + data["matched_optional"]
            ],
            missing_essential=[
                self._missing(d, ctx, essential=True) for d in data["missing_essential"]
            ],
            missing_optional=[
                self._missing(d, ctx, essential=False) for d in data["missing_optional"]
            ],
            languages=[self._language(c, profile, position, ctx) for c in data["languages"]],
            education=self._education(data["education"], profile, position),
            location=self._location(data["location"], profile, position),
            availability=self._availability(data["availability"], profile, position),
            hard_failures=[str(HARD_FAILURES.get(name, name)) for name in failures],
            penalty=penalty,
            raw=data,
        )

    def _skill(self, dense: int, ctx: _Context) -> tuple[int, str, str, Skill | None]:
        pk = ctx.pks[dense]
        skill = ctx.skills.get(pk)
        label = skill.label if skill else str(pk)
        url = ctx.urls.get(pk, "")
        return pk, label, url, skill

    def _matched(self, m: dict, ctx: _Context) -> SkillLine:
        pk, label, url, skill = self._skill(m["skill"], ctx)
        credit = float(m["credit"])
        if m["via"] is None:
            level = SkillLevel(min(max(round(credit * 4), 1), 4)).label
            text = self._says(
                _("%(skill)s: you have it (%(level)s)"),
                _("%(skill)s: the candidate has it (%(level)s)"),
            ) % {"skill": label, "level": level}
        else:
            via_pk, via_label, _url, via = self._skill(m["via"], ctx)
            if via is not None and via.broader_id == pk:
                relation = _("more specific skill")
            elif skill is not None and skill.broader_id == via_pk:
                relation = _("broader skill")
            else:
                relation = _("related skill")
            text = self._says(
                _("%(skill)s: partly covered by your %(relation)s %(via)s (%(percent)s%% credit)"),
                _(
                    "%(skill)s: partly covered by the candidate's %(relation)s %(via)s "
                    "(%(percent)s%% credit)"
                ),
            ) % {
                "skill": label,
                "relation": relation,
                "via": via_label,
                "percent": round(100 * credit),
            }
        return SkillLine(skill_id=pk, label=label, url=url, text=text, credit=credit)

    def _missing(self, dense: int, ctx: _Context, *, essential: bool) -> SkillLine:
        pk, label, url, _skill = self._skill(dense, ctx)
        if essential:
            text = self._says(
                _("%(skill)s (essential): not in your profile"),
                _("%(skill)s (essential): not in the candidate's profile"),
            )
        else:
            text = self._says(
                _("%(skill)s (optional): not in your profile"),
                _("%(skill)s (optional): not in the candidate's profile"),
            )
        return SkillLine(
            skill_id=pk,
            label=label,
            url=url,
            text=text % {"skill": label},
            programmes=ctx.programmes.get(pk, []),
        )

    def _language(self, check: dict, profile: TalentProfile, position: Position, ctx) -> Line:
        code = self.vocabulary.languages[check["language"]]
        name = language_name(code)
        required = level_label(*ctx.wanted[position.pk].get(code, ("", "")))
        have = ctx.held[profile.pk].get(code)
        values = {"language": name, "required": required}
        if have is None or check["have"] <= 0:
            text = self._says(
                _("%(language)s: %(required)s required, you have no level recorded"),
                _("%(language)s: %(required)s required, the candidate has no level recorded"),
            )
        else:
            values["have"] = level_label(*have)
            text = self._says(
                _("%(language)s: %(required)s required, you have %(have)s"),
                _("%(language)s: %(required)s required, the candidate has %(have)s"),
            )
        return Line(text % values, bool(check["met"]))

    def _education(self, edu: dict, profile: TalentProfile, position: Position) -> Line:
        if not position.min_education:
            return Line(_("No minimum education is asked."), True)
        required = EDUCATION_LABELS[edu["required"]].label
        if not profile.degree_level:
            text = self._says(
                _("%(required)s or higher required; your profile states no degree level"),
                _("%(required)s or higher required; the profile states no degree level"),
            ) % {"required": required}
        else:
            text = self._says(
                _("%(required)s or higher required, you have: %(have)s"),
                _("%(required)s or higher required, the candidate has: %(have)s"),
            ) % {"required": required, "have": EDUCATION_LABELS[edu["have"]].label}
        return Line(text, bool(edu["met"]))

    def _location(self, loc: dict, profile: TalentProfile, position: Position) -> Line:
        country = position.country.name if position.country else _("an unknown country")
        code = position.country.code if position.country else ""
        values = {"country": country}
        if loc["met"] and code and code == getattr(profile.nationality, "code", ""):
            text = self._says(
                _("The position is in %(country)s, your home country."),
                _("The position is in %(country)s, the candidate's home country."),
            )
        elif loc["met"]:
            text = self._says(
                _("The position is in %(country)s, one of your preferred countries."),
                _("The position is in %(country)s, one of the candidate's preferred countries."),
            )
        else:
            text = self._says(
                _("The position is in %(country)s, neither your home country nor a preferred one."),
                _(
                    "The position is in %(country)s, neither the candidate's home country nor "
                    "a preferred one."
                ),
            )
        return Line(text % values, bool(loc["met"]))

    def _availability(self, av: dict, profile: TalentProfile, position: Position) -> Line:
        start = (
            date_format(position.start_date)
            if position.start_date
            else _("today (no start date given)")
        )
        available = date_format(day_date(av["available_day"]))
        delay = int(av["delay_days"])
        values = {"start": start, "available": available, "days": delay}
        if delay <= 0:
            text = self._says(
                _("Starts %(start)s; you are available from %(available)s."),
                _("Starts %(start)s; the candidate is available from %(available)s."),
            )
        elif self.audience == STUDENT:
            text = ngettext(
                "Starts %(start)s; you are available from %(available)s, %(days)s day later.",
                "Starts %(start)s; you are available from %(available)s, %(days)s days later.",
                delay,
            )
        else:
            text = ngettext(
                "Starts %(start)s; the candidate is available from %(available)s, "
                "%(days)s day later.",
                "Starts %(start)s; the candidate is available from %(available)s, "
                "%(days)s days later.",
                delay,
            )
        return Line(text % values, delay <= 0)


@dataclass
class _Context:
    pks: dict[int, int]
    skills: dict[int, Skill]
    urls: dict[int, str]
    programmes: dict[int, list[dict]]
    held: dict[int, dict[str, tuple[str, str]]]
    wanted: dict[int, dict[str, tuple[str, str]]]
