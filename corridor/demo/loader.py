"""Loads the real organisations and people of the seed reports, and one login per role.

Idempotent: every record is matched on its key and only written when it differs, so a
second run changes nothing. Later capabilities add their own ``load_*`` steps here.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from corridor.accounts.models import Membership, Role, User
from corridor.demo.synthetic import complete_demo_student, load_synthetic
from corridor.directory.models import Affiliation, Organization, Person
from corridor.talent.models import TalentProfile, Visibility
from corridor.taxonomy.loaders import load_curated
from corridor.training.demo import load_training

DATA_DIR = Path(__file__).resolve().parent / "data"

#: Password of every demo login. Demo data is refused in production (see the command).
DEMO_PASSWORD = "corridor-demo"  # noqa: S105 - printed to the newcomer on purpose

#: (e-mail, role, organisation key, first name, last name)
DEMO_LOGINS = [
    ("admin@demo.corridor.test", Role.PLATFORM_ADMIN, None, "Platform", "Admin"),
    (
        "secretariat@demo.corridor.test",
        Role.SECRETARIAT,
        "china-pakistan-industry-education-alliance",
        "Alliance",
        "Secretariat",
    ),
    (
        "institution@demo.corridor.test",
        Role.INSTITUTION_ADMIN,
        "chengdu-university",
        "Institution",
        "Admin",
    ),
    ("recruiter@demo.corridor.test", Role.RECRUITER, "sinomach", "Sinomach", "Recruiter"),
    ("recruiter2@demo.corridor.test", Role.RECRUITER, "ccecc", "CCECC", "Recruiter"),
    (
        "student@demo.corridor.test",
        Role.STUDENT,
        "chengdu-university",
        "Ayesha",
        "Khan (synthetic)",
    ),
    ("student2@demo.corridor.test", Role.STUDENT, "jcu", "Nguyen", "Thi Lan (synthetic)"),
]


#: Kinds spelled differently in the seed data than in the directory.
KIND_ALIASES = {"alliance_body": "alliance"}


DEMO_NATIONALITY = {"student@demo.corridor.test": "PK", "student2@demo.corridor.test": "VN"}


@dataclass
class Tally:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str, created: bool, changed: bool) -> None:
        if created:
            self.created[kind] = self.created.get(kind, 0) + 1
        elif changed:
            self.updated[kind] = self.updated.get(kind, 0) + 1

    @property
    def changed_anything(self) -> bool:
        return bool(self.created or self.updated)


def read(name: str) -> list[dict]:
    path = DATA_DIR / name
    if not path.exists():
        return []
    return json.loads(path.read_text(encoding="utf-8"))


def upsert(model, lookup: dict, values: dict):
    """Create or update one row, writing only when a value differs. Returns (obj, created, changed)."""
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.full_clean()
        obj.save()
        return obj, True, False
    changed = [k for k, v in values.items() if getattr(obj, k) != v]
    if changed:
        for key in changed:
            setattr(obj, key, values[key])
        obj.full_clean()
        obj.save()
    return obj, False, bool(changed)


def _org_values(row: dict) -> dict:
    return {
        "kind": KIND_ALIASES.get(row["kind"], row["kind"]),
        "country": row.get("country") or "",
        "city": row.get("city") or "",
        "name_en": row["name_en"],
        "name_zh": row.get("name_zh") or "",
        "name_local": row.get("name_local") or "",
        "local_language": row.get("local_language") or "",
        "abbreviation": row.get("abbreviation") or "",
        "website": row.get("website") or "",
        "description": row.get("description") or "",
    }


def load_organizations(tally: Tally) -> dict[str, Organization]:
    rows = read("organizations.json")
    by_key: dict[str, Organization] = {}
    for row in rows:
        obj, created, changed = upsert(Organization, {"slug": row["key"]}, _org_values(row))
        by_key[row["key"]] = obj
        tally.count("organisations", created, changed)
    for row in rows:  # parents once every organisation exists
        parent = by_key.get(row.get("parent") or "")
        obj = by_key[row["key"]]
        if obj.parent_id != (parent.pk if parent else None):
            obj.parent = parent
            obj.save(update_fields=["parent", "updated_at"])
            tally.count("organisations", False, True)
    return by_key


def load_people(tally: Tally, orgs: dict[str, Organization]) -> None:
    for row in read("people.json"):
        affiliations = row.get("affiliations") or []
        primary = affiliations[0] if affiliations else {}
        values = {
            "name_native": row.get("name_native") or "",
            "name_latin": row["name_latin"],
            "title_en": primary.get("title_en") or "",
            "title_zh": primary.get("title_zh") or "",
            "organization": orgs.get(primary.get("organization") or ""),
        }
        person, created, changed = upsert(Person, {"slug": row["key"]}, values)
        tally.count("people", created, changed)
        for extra in affiliations[1:]:
            org = orgs.get(extra.get("organization") or "")
            if org is None:
                continue
            _aff, created, changed = upsert(
                Affiliation,
                {"person": person, "organization": org},
                {"title_en": extra.get("title_en") or "", "title_zh": extra.get("title_zh") or ""},
            )
            tally.count("affiliations", created, changed)


def load_logins(tally: Tally, orgs: dict[str, Organization]) -> list[tuple[str, str]]:
    shown = []
    for email, role, org_key, first, last in DEMO_LOGINS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email, DEMO_PASSWORD, first_name=first, last_name=last)
            if role == Role.PLATFORM_ADMIN:
                user.is_staff = True
                user.is_superuser = True
                user.save(update_fields=["is_staff", "is_superuser"])
            tally.count("logins", True, False)
        org = orgs.get(org_key) if org_key else None
        if org_key and org is None:
            continue
        _m, created = Membership.objects.get_or_create(user=user, role=role, organization=org)
        tally.count("memberships", created, False)
        if role == Role.STUDENT and not TalentProfile.objects.filter(user=user).exists():
            TalentProfile.objects.create(
                user=user,
                full_name=f"{first} {last}",
                name_latin=f"{first} {last}",
                email=email,
                nationality=DEMO_NATIONALITY.get(email, "PK"),
                institution=org,
                synthetic=True,
                headline="Synthetic demo student",
                # The demo students share their profiles so that recruiters have
                # candidates to see (a new profile otherwise starts hidden).
                visibility=Visibility.SIGNED_IN,
            )
            tally.count("student profiles", True, False)
        if role == Role.STUDENT and complete_demo_student(user.profile):
            tally.count("student profile details", True, False)
        shown.append((email, Role(role).label))
    return shown


@transaction.atomic
def load_demo() -> tuple[Tally, list[tuple[str, str]]]:
    """Load (or bring up to date) the whole demo; returns what changed and the logins."""
    tally = Tally()
    taxonomy = load_curated()
    for what, n in taxonomy.created.items():
        if n:
            tally.created[f"taxonomy {what}"] = n
    for what, n in taxonomy.updated.items():
        if n:
            tally.updated[f"taxonomy {what}"] = n
    orgs = load_organizations(tally)
    load_people(tally, orgs)
    load_synthetic(tally, orgs)
    logins = load_logins(tally, orgs)
    from corridor.insights.demo import load_statistics

    load_statistics(tally)
    from corridor.events.demo import load_events

    load_events(tally)
    from corridor.cooperation.demo import load_cooperation  # after events: links them

    load_cooperation(tally)
    load_training(tally, orgs)  # last: links the events and agreements loaded above
    from corridor.pipeline.demo import load_applications

    load_applications(tally)  # synthetic applications on the synthetic positions
    return tally, logins
