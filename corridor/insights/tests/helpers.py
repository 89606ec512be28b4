"""A small known dataset for the insights tests.

Enterprise A (recruiter_a) opens two positions in Pakistan (energy sector): a welder
(headcount 3, welding essential, Mandarin optional) and an engineer (headcount 2, welding
essential, hydropower essential), plus a draft (headcount 9) that counts for nobody but
A's recruiters and admins. Enterprise B opens one in Vietnam (headcount 4, ceramics).

Profiles: two Pakistani welders shared with everyone signed in, one Pakistani with
hydropower hidden from everyone (visibility "nobody": only the university's admin and
platform admins see it), all at the university.
"""

from dataclasses import dataclass

from corridor.api.tests import data
from corridor.directory.models import AllianceMember, OrganizationKind
from corridor.jobs.models import Importance, PositionSkill
from corridor.talent.models import ProfileSkill, Visibility
from corridor.taxonomy.models import Sector


@dataclass
class Dataset:
    welding: object
    hydro: object
    mandarin: object
    ceramics: object
    energy: object
    alliance: object


def build(personas) -> Dataset:
    welding = data.skill("urn:test:ins-welding", "welding", "焊接")
    hydro = data.skill("urn:test:ins-hydro", "hydropower engineering", "水电工程")
    mandarin = data.skill("urn:test:ins-mandarin", "Mandarin", "汉语")
    ceramics = data.skill("urn:test:ins-ceramics", "=ceramics", "陶瓷")  # formula-like on purpose
    energy = Sector.objects.create(code="ins-energy", label_en="Energy", label_zh="能源")
    a, b = personas.enterprise_a, personas.enterprise_b
    welder = data.position(a, "ins-welder", headcount=3, sector=energy, country="PK")
    engineer = data.position(a, "ins-engineer", headcount=2, sector=energy, country="PK")
    draft = data.position(a, "ins-draft", status="draft", headcount=9, country="PK")
    potter = data.position(b, "ins-potter", headcount=4, country="VN")
    for position, skill, importance in [
        (welder, welding, Importance.ESSENTIAL),
        (welder, mandarin, Importance.OPTIONAL),
        (engineer, welding, Importance.ESSENTIAL),
        (engineer, hydro, Importance.ESSENTIAL),
        (draft, welding, Importance.ESSENTIAL),
        (potter, ceramics, Importance.ESSENTIAL),
    ]:
        PositionSkill.objects.create(position=position, skill=skill, importance=importance)
    uni = personas.university
    for name, skills, visibility in [
        ("Welder One", [welding, mandarin], Visibility.SIGNED_IN),
        ("Welder Two", [welding], Visibility.SIGNED_IN),
        ("Hidden Hydro", [hydro, welding], Visibility.NOBODY),
    ]:
        profile = data.profile(None, uni, name, visibility)
        for skill in skills:
            ProfileSkill.objects.create(profile=profile, skill=skill)
    alliance = personas.association.__class__.objects.create(
        slug="ins-alliance",
        kind=OrganizationKind.ALLIANCE,
        country="CN",
        name_en="Test Alliance",
        name_zh="测试联盟",
    )
    for member in (a, uni, personas.association):
        AllianceMember.objects.create(alliance=alliance, member=member)
    return Dataset(welding, hydro, mandarin, ceramics, energy, alliance)
