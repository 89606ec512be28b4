"""Small training worlds for the tests."""

from corridor.matching.tests import factories as f
from corridor.training import services
from corridor.training.models import Cohort, Programme


def programme(providers, skills, *, kind="customised", title="Ceramics for Vietnam", **extra):
    return services.save_programme(
        Programme(kind=kind, title_en=title, **extra), providers=providers, skills=skills
    )


def cohort(prog, name="2026 intake", **extra):
    return Cohort.objects.create(programme=prog, name=name, **extra)


def student(name, personas=None, user=None, **extra):
    institution = personas.university if personas else None
    return f.profile(name, user=user, institution=institution, **extra)
