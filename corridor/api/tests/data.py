"""Objects the API tests (and the permission matrix) build on."""

from dataclasses import dataclass

from corridor.jobs.models import (
    Position,
    PositionLanguage,
    PositionSkill,
    PositionStatus,
    Project,
)
from corridor.talent.models import ProfileSkill, TalentProfile, Visibility
from corridor.taxonomy.models import Label, Occupation, Sector, Skill


def skill(uri, label_en, label_zh="", synonyms=()):
    concept = Skill.objects.create(
        uri=uri, label_en=label_en, label_zh=label_zh, skill_type="skill/competence", curated=True
    )
    labels = [("en", label_en, "preferred"), ("zh", label_zh, "preferred")]
    labels += [("en", text, "alternative") for text in synonyms]
    for language, text, kind in labels:
        if text:
            Label.objects.create(
                skill=concept, language=language, text=text, kind=kind, source="curated"
            )
    concept.refresh_search_text()
    concept.save(update_fields=["search_text"])
    return concept


def occupation(uri, label_en, label_zh=""):
    concept = Occupation.objects.create(uri=uri, label_en=label_en, label_zh=label_zh)
    concept.refresh_search_text()
    concept.save(update_fields=["search_text"])
    return concept


def project(enterprise, reference, **extra):
    extra.setdefault("title_en", reference.replace("-", " ").title())
    extra.setdefault("country", "PK")
    return Project.objects.create(enterprise=enterprise, reference=reference, **extra)


def position(enterprise, reference, status=PositionStatus.OPEN, **extra):
    extra.setdefault("title_en", reference.replace("-", " ").title())
    extra.setdefault("country", "PK")
    extra.setdefault("kind", "job")
    return Position.objects.create(
        enterprise=enterprise, reference=reference, status=status, **extra
    )


def profile(user, institution, full_name, visibility=Visibility.SIGNED_IN, **extra):
    extra.setdefault("nationality", "PK")
    extra.setdefault("email", f"profile-{TalentProfile.objects.count() + 1}@example.test")
    return TalentProfile.objects.create(
        user=user, institution=institution, full_name=full_name, visibility=visibility, **extra
    )


@dataclass
class World:
    welding: Skill
    hydro: Skill
    welder: Occupation
    energy: Sector
    project_a: Project
    project_b: Project
    open_a: Position
    draft_a: Position
    open_b: Position
    shared_profile: TalentProfile  # the student's, shared with everyone signed in
    hidden_profile: TalentProfile  # student B's, visibility "nobody"


def build_world(personas) -> World:
    welding = skill("urn:test:welding", "welding", "焊接", synonyms=["arc welding"])
    hydro = skill("urn:test:hydro", "hydropower engineering", "水电工程")
    welder = occupation("urn:test:welder", "welder", "焊工")
    energy = Sector.objects.create(code="energy", label_en="Energy", label_zh="能源")
    project_a = project(personas.enterprise_a, "dam-a", title_en="Dam A", sector=energy)
    project_b = project(personas.enterprise_b, "plant-b", title_en="Plant B")
    open_a = position(personas.enterprise_a, "welder-a", project=project_a, occupation=welder)
    PositionSkill.objects.create(position=open_a, skill=welding)
    PositionLanguage.objects.create(position=open_a, language="zh", scale="HSK", level="4")
    draft_a = position(personas.enterprise_a, "secret-a", status=PositionStatus.DRAFT)
    open_b = position(personas.enterprise_b, "fitter-b", project=project_b)
    shared = profile(
        personas.student,
        personas.university,
        "王小明",
        name_latin="Wang Xiaoming",
        headline="Welding technician",
    )
    ProfileSkill.objects.create(profile=shared, skill=welding)
    hidden = profile(
        personas.student_b, personas.university, "Нурлан Ахметов", visibility=Visibility.NOBODY
    )
    return World(
        welding=welding,
        hydro=hydro,
        welder=welder,
        energy=energy,
        project_a=project_a,
        project_b=project_b,
        open_a=open_a,
        draft_a=draft_a,
        open_b=open_b,
        shared_profile=shared,
        hidden_profile=hidden,
    )
