"""Write paths for the directory, shared by pages, commands, imports and the demo."""

from django.db import transaction
from django.utils.text import slugify

from corridor.directory.models import Organization, Person


def unique_slug(model, text: str, *, exclude_pk=None, max_length: int = 80) -> str:
    """A slug for ``text`` not yet used by ``model`` (``-2``, ``-3`` ... appended)."""
    base = slugify(text, allow_unicode=False)[: max_length - 6] or model._meta.model_name
    candidate, n = base, 1
    taken = model._default_manager.exclude(pk=exclude_pk)
    while taken.filter(slug=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


@transaction.atomic
def save_organization(org: Organization) -> Organization:
    """Validate and save an organisation, giving it a key from its English name if new."""
    if not org.slug:
        org.slug = unique_slug(Organization, org.abbreviation or org.name_en, exclude_pk=org.pk)
    org.full_clean()
    org.save()
    return org


@transaction.atomic
def save_person(person: Person) -> Person:
    """Validate and save a person, giving them a key from their Latin name if new."""
    if not person.slug:
        person.slug = unique_slug(Person, person.name_latin, exclude_pk=person.pk)
    person.full_clean()
    person.save()
    return person
