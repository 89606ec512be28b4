"""Training rows of the permission matrix (see corridor/core/tests/test_permission_matrix.py).

Objects: a programme run by ``university`` teaching one skill, a cohort of it in which
``student`` completed (so holds a certificate); an order from enterprise A to the
university; a standard written by the university; a competition organised by the
association with the student's result; and a career target of the student.
POST-only endpoints answer GET with 405 to everyone.
"""

import datetime as dt

from django.urls import reverse

from corridor.core.testing import ANON, EVERYONE, SIGNED_IN, expect

KEEPERS = ["platform_admin", "institution_admin"]
ORDER_SIDES = ["platform_admin", "recruiter_a", "institution_admin"]
ORDER_VIEWERS = ["platform_admin", "secretariat", "institution_admin", "recruiter_a", "recruiter_b"]
ORGANISERS = ["platform_admin", "secretariat"]
CERTIFICATE_VIEWERS = ["platform_admin", "institution_admin", "student"]
EVERYONE_405 = dict.fromkeys([*SIGNED_IN, ANON], 405)


def _url(name, key=None, attr="pk"):
    if key is None:
        return lambda o: reverse(f"training:{name}")
    return lambda o: reverse(f"training:{name}", args=[getattr(o[key], attr)])


def _api(name, key=None, attr="pk"):
    if key is None:
        return lambda o: reverse(f"api:{name}")
    return lambda o: reverse(f"api:{name}", args=[getattr(o[key], attr)])


def _answers(allowed, *, otherwise=404, anonymous=401):
    return expect(allowed, otherwise=otherwise, anonymous=anonymous)


ROUTES = {
    "training:programme_list": (_url("programme_list"), expect(EVERYONE)),
    "training:programme_detail": (_url("programme_detail", "tr_programme"), expect(EVERYONE)),
    "training:programme_create": (_url("programme_create"), expect(KEEPERS, otherwise=403)),
    "training:programme_update": (_url("programme_update", "tr_programme"), expect(KEEPERS)),
    "training:programme_delete": (_url("programme_delete", "tr_programme"), expect(KEEPERS)),
    "training:cohort_create": (
        _url("cohort_create", "tr_programme"),
        expect(KEEPERS, otherwise=403),
    ),
    "training:cohort_detail": (_url("cohort_detail", "tr_cohort"), expect(EVERYONE)),
    "training:cohort_update": (_url("cohort_update", "tr_cohort"), expect(KEEPERS)),
    "training:enrol": (_url("enrol", "tr_cohort"), EVERYONE_405),
    "training:enrolment_complete": (_url("enrolment_complete", "tr_enrolment"), EVERYONE_405),
    "training:enrolment_outcome": (_url("enrolment_outcome", "tr_enrolment"), EVERYONE_405),
    "training:certificate_pdf": (
        _url("certificate_pdf", "tr_certificate", "code"),
        expect(CERTIFICATE_VIEWERS),
    ),
    "training:verify": (_url("verify", "tr_certificate", "code"), expect(EVERYONE)),
    "training:mine": (_url("mine"), expect(SIGNED_IN)),
    "training:order_list": (_url("order_list"), expect(ORDER_VIEWERS, otherwise=403)),
    "training:order_detail": (_url("order_detail", "tr_order"), expect(ORDER_SIDES)),
    "training:order_create": (
        _url("order_create"),
        expect(["platform_admin", "secretariat", "recruiter_a", "recruiter_b"], otherwise=403),
    ),
    "training:order_update": (_url("order_update", "tr_order"), expect(ORDER_SIDES)),
    "training:order_status": (_url("order_status", "tr_order"), EVERYONE_405),
    "training:standard_list": (_url("standard_list"), expect(EVERYONE)),
    "training:standard_detail": (_url("standard_detail", "tr_standard"), expect(EVERYONE)),
    "training:standard_create": (_url("standard_create"), expect(KEEPERS, otherwise=403)),
    "training:standard_update": (_url("standard_update", "tr_standard"), expect(KEEPERS)),
    "training:standard_adopt": (
        _url("standard_adopt", "tr_standard"),
        expect(KEEPERS, otherwise=403),
    ),
    "training:competition_list": (_url("competition_list"), expect(EVERYONE)),
    "training:competition_detail": (
        _url("competition_detail", "tr_competition"),
        expect(EVERYONE),
    ),
    "training:competition_create": (
        _url("competition_create"),
        expect(ORGANISERS, otherwise=403),
    ),
    "training:competition_update": (
        _url("competition_update", "tr_competition"),
        expect(ORGANISERS),
    ),
    "training:competition_result": (
        _url("competition_result", "tr_competition"),
        expect(ORGANISERS),
    ),
    # The student has a profile; student_b (as the other apps' rows expect) and the
    # platform admin have none and are sent to start one.
    "training:career_plan": (
        _url("career_plan"),
        expect(["student"], otherwise=403, platform_admin=302, student_b=302),
    ),
    "training:career_target_delete": (
        _url("career_target_delete", "tr_target"),
        EVERYONE_405,
    ),
    # API (GET): anonymous requests to what is kept for signed-in users answer 401.
    "api:programme-list": (_api("programme-list"), _answers(EVERYONE)),
    "api:programme-detail": (_api("programme-detail", "tr_programme"), _answers(EVERYONE)),
    "api:cohort-list": (_api("cohort-list"), _answers(EVERYONE)),
    "api:cohort-detail": (_api("cohort-detail", "tr_cohort"), _answers(EVERYONE)),
    "api:cohort-enrol": (
        _api("cohort-enrol", "tr_cohort"),
        _answers([], otherwise=405, anonymous=405),
    ),
    # student_b holds the student role: an (empty) list of their own enrolments.
    "api:enrolment-list": (
        _api("enrolment-list"),
        _answers([*CERTIFICATE_VIEWERS, "student_b"], otherwise=403),
    ),
    "api:enrolment-detail": (
        _api("enrolment-detail", "tr_enrolment"),
        _answers(CERTIFICATE_VIEWERS),
    ),
    "api:enrolment-complete": (
        _api("enrolment-complete", "tr_enrolment"),
        _answers([], otherwise=405),
    ),
    "api:talent-order-list": (_api("talent-order-list"), _answers(ORDER_VIEWERS, otherwise=403)),
    "api:talent-order-detail": (_api("talent-order-detail", "tr_order"), _answers(ORDER_SIDES)),
    "api:talent-order-transition": (
        _api("talent-order-transition", "tr_order"),
        _answers([], otherwise=405),
    ),
    "api:standard-list": (_api("standard-list"), _answers(EVERYONE)),
    "api:standard-detail": (_api("standard-detail", "tr_standard"), _answers(EVERYONE)),
    "api:competition-list": (_api("competition-list"), _answers(EVERYONE)),
    "api:competition-detail": (_api("competition-detail", "tr_competition"), _answers(EVERYONE)),
    "api:career-plan": (
        _api("career-plan"),
        _answers(["student"], otherwise=403),  # student_b: no profile to plan from yet
    ),
}


def objects(personas) -> dict:
    from corridor.matching.tests import factories as f
    from corridor.talent.models import TalentProfile
    from corridor.training import services
    from corridor.training.models import (
        CareerTarget,
        Cohort,
        Competition,
        CurriculumStandard,
        Programme,
        TalentOrder,
    )

    skill = f.skill("matrix kiln firing", zh="窑炉烧成")
    programme = services.save_programme(
        Programme(kind="customised", title_en="Matrix ceramics programme"),
        providers=[personas.university],
        skills=[(skill, 3)],
    )
    order = services.save_order(
        TalentOrder(
            orderer=personas.enterprise_a,
            supplier=personas.university,
            programme=programme,
            title_en="Matrix order",
            quantity=10,
        ),
        skills=[(skill, 3)],
    )
    cohort = Cohort.objects.create(programme=programme, name="Matrix cohort", order=order)
    profile = TalentProfile.objects.filter(user=personas.student).first() or f.profile(
        "Matrix Student", user=personas.student, institution=personas.university
    )
    enrolment = services.enrol(cohort, profile)
    certificate = services.complete_enrolment(enrolment, on=dt.date(2026, 7, 1))
    standard = CurriculumStandard.objects.create(
        code="matrix-std",
        title_en="Matrix standard",
        origin=personas.university,
        origin_country="CN",
    )
    competition = Competition.objects.create(
        key="matrix-competition", title_en="Matrix competition", organiser=personas.association
    )
    competition.skills.add(skill)
    services.record_result(competition, profile, skill, result="gold")
    position = f.position(personas.enterprise_a, "matrix-kiln-operator", essential=[skill])
    target = CareerTarget.objects.create(profile=profile, position=position)
    return {
        "tr_programme": programme,
        "tr_cohort": cohort,
        "tr_enrolment": enrolment,
        "tr_certificate": certificate,
        "tr_order": order,
        "tr_standard": standard,
        "tr_competition": competition,
        "tr_target": target,
    }
