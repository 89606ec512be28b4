"""``corridor loaddemo`` fills an empty database with the seed reports' world, once."""

from io import StringIO

import pytest
from django.core.management import call_command

from corridor.accounts.models import Role, User
from corridor.directory.models import Organization, Person

pytestmark = pytest.mark.django_db


def loaddemo() -> str:
    out = StringIO()
    call_command("loaddemo", stdout=out)
    return out.getvalue()


def snapshot():
    return (
        sorted(Organization.objects.values_list("slug", "name_en", "updated_at", "parent_id")),
        sorted(Person.objects.values_list("slug", "title_en", "updated_at")),
        User.objects.count(),
    )


def test_the_seed_reports_organisations_and_people_are_all_there():
    loaddemo()
    # Every organisation the foundation issue names, by its key in the seed data.
    named = {
        "coda": "China Overseas Development Association",
        "embassy-pakistan-beijing": "Embassy of Pakistan in China",
        "citic": "China International Technology & Intellectual Cooperation Group",
        "sinomach": "Sinomach",
        "czec": "China Zhongyuan Engineering Corporation",
        "ccecc": "China Civil Engineering Construction Corporation",
        "ceaie": "China Education Association for International Exchange",
        "tang-international-education-group": "Tang International Education Group",
        "chengdu-university": "Chengdu University",
        "ranepa": "Russian Presidential Academy",
        "jcu": "Jingdezhen Ceramic University",
        "xsyu": "Xi'an Shiyou University",
        "ccn": "China Campus Network",
        "hahcv": "Hanoi Association of Handicrafts and Craft Villages",
        "changan-automobile": "Changan Automobile",
        "radio-engineering-college-russia": "Radio Engineering College",
        "cosdf": "China Overseas-Education Scholars Development Foundation",
        "punjab-vocational-education-bureau": "Punjab Vocational Education Bureau",
        "sindh-vocational-education-bureau": "Sindh Vocational Education Bureau",
    }
    loaded = dict(Organization.objects.values_list("slug", "name_en"))
    for key, name in named.items():
        assert name in loaded.get(key, ""), key
    assert Organization.objects.get(slug="ceaie").name_zh
    pakistan = Organization.objects.filter(country="PK")
    assert pakistan.filter(kind="embassy").exists()
    assert pakistan.filter(kind="government_agency").count() >= 2
    assert Organization.objects.get(slug="ranepa").country.code == "RU"
    assert Person.objects.count() >= 20
    assert Person.objects.exclude(title_en="").count() >= 15


def test_one_demo_login_per_role():
    output = loaddemo()
    for role in Role:
        assert User.objects.filter(memberships__role=role).exists(), role
        assert str(role.label) in output
    recruiter = User.objects.get(email="recruiter@demo.corridor.test")
    assert recruiter.check_password("corridor-demo")
    assert recruiter.memberships.get().organization.slug == "sinomach"


def test_running_it_twice_changes_nothing():
    loaddemo()
    before = snapshot()
    output = loaddemo()
    assert "nothing changed" in output
    assert snapshot() == before


def test_it_repairs_what_was_edited_and_keeps_what_was_added():
    loaddemo()
    Organization.objects.filter(slug="sinomach").update(name_en="Renamed by hand")
    Organization.objects.create(slug="local-addition", kind="enterprise", name_en="Local")
    output = loaddemo()
    assert "updated 1 organisation" in output
    assert Organization.objects.get(slug="sinomach").name_en != "Renamed by hand"
    assert Organization.objects.filter(slug="local-addition").exists()


def test_refused_in_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(Exception, match="production"):
        loaddemo()


def test_synthetic_students_and_positions_of_the_seed_enterprises():
    from corridor.jobs.models import Position
    from corridor.talent.models import TalentProfile

    loaddemo()
    students = TalentProfile.objects.all()
    assert students.count() >= 30
    assert not students.filter(synthetic=False).exists()
    assert {"PK", "VN", "RU", "KZ"} <= {p.nationality.code for p in students}
    assert students.filter(nationality="PK", full_name__regex=r"[\u0600-\u06ff]").exists()
    universities = set(students.values_list("institution__slug", flat=True))
    assert {"chengdu-university", "jcu", "xsyu"} <= universities
    # every profile, the demo logins' included, has skills to match on
    assert not students.filter(skills__isnull=True).exists()

    enterprises = set(Position.objects.open().values_list("enterprise__slug", flat=True))
    assert {"sinomach", "czec", "ccecc", "changan-automobile"} <= enterprises
    hydro = Position.objects.get(reference="pk-hydro-civil")
    assert hydro.country.code == "PK" and hydro.skills.filter(importance="essential").exists()
    assert hydro.languages.filter(language="zh", scale="HSK").exists()
    assert User.objects.get(email="student@demo.corridor.test").profile.institution.slug == (
        "chengdu-university"
    )
