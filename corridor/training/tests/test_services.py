import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from corridor.core.testing import OrganizationFactory
from corridor.directory.models import OrganizationKind
from corridor.matching.tests import factories as f
from corridor.talent.models import Evidence, ProfileLanguage, ProfileSkill
from corridor.training import services
from corridor.training.models import (
    Competition,
    CurriculumStandard,
    EnrolmentStatus,
    OrderStatus,
    ProgrammeKind,
    TalentOrder,
)
from corridor.training.tests.helpers import cohort, programme, student

pytestmark = pytest.mark.django_db


def test_a_full_cohort_refuses_one_more_student(personas):
    c = cohort(programme([personas.university], []), capacity=1)
    services.enrol(c, student("First", personas))
    with pytest.raises(ValidationError, match="full: all 1 places are taken"):
        services.enrol(c, student("Second", personas))
    assert c.enrolments.count() == 1


def test_the_same_student_cannot_enrol_twice(personas):
    c = cohort(programme([personas.university], []))
    s = student("Twice", personas)
    services.enrol(c, s)
    with pytest.raises(ValidationError, match="already enrolled"):
        services.enrol(c, s)


def test_a_withdrawn_student_frees_the_place_and_may_come_back(personas):
    c = cohort(programme([personas.university], []), capacity=1)
    s = student("Back", personas)
    services.end_enrolment(services.enrol(c, s), EnrolmentStatus.WITHDRAWN)
    other = services.enrol(c, student("Other", personas))
    services.end_enrolment(other, EnrolmentStatus.FAILED)
    assert services.enrol(c, s).status == EnrolmentStatus.ENROLLED


def test_completing_adds_the_skills_with_programme_evidence_and_a_certificate(personas):
    kiln, glaze = f.skill("kiln firing"), f.skill("glazing")
    prog = programme(
        [personas.university],
        [(kiln, 3), (glaze, 2)],
        language="zh",
        language_scale="HSK",
        language_level="4",
    )
    s = student("Lan", personas, skills=[(glaze, 4)], languages=[("zh", "HSK", "3")])
    enrolment = services.enrol(cohort(prog), s)
    certificate = services.complete_enrolment(enrolment, on=dt.date(2026, 7, 1), grade="A")
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.COMPLETED
    assert enrolment.completed_on == dt.date(2026, 7, 1)
    assert certificate.issued_on == dt.date(2026, 7, 1) and len(certificate.code) == 12
    rows = {r.skill_id: r for r in ProfileSkill.objects.filter(profile=s)}
    assert rows[kiln.pk].level == 3 and rows[kiln.pk].evidence == Evidence.PROGRAMME
    assert "Ceramics for Vietnam" in rows[kiln.pk].evidence_note
    assert rows[glaze.pk].level == 4  # a higher level is kept
    assert ProfileLanguage.objects.get(profile=s, language="zh").level == "4"


def test_the_student_is_told_the_certificate_is_ready(personas):
    from corridor.notifications.models import Notification

    s = student("Lan", personas, user=personas.student)
    certificate = services.complete_enrolment(
        services.enrol(cohort(programme([personas.university], [])), s)
    )
    note = Notification.objects.get(recipient=personas.student)
    assert note.subject == "Certificate: Ceramics for Vietnam"
    assert certificate.code in note.body and note.url == f"/training/verify/{certificate.code}/"


def test_only_an_enrolled_student_can_complete(personas):
    enrolment = services.enrol(cohort(programme([personas.university], [])), student("W", personas))
    services.end_enrolment(enrolment, EnrolmentStatus.WITHDRAWN)
    with pytest.raises(ValidationError, match="this enrolment is withdrawn"):
        services.complete_enrolment(enrolment)


def test_completions_by_provider_say_which_count_as_teacher_training(personas):
    other = OrganizationFactory(kind=OrganizationKind.UNIVERSITY)
    teachers = programme([personas.university], [], kind=ProgrammeKind.TEACHER_TRAINING, title="T")
    mandarin = programme([other], [], kind=ProgrammeKind.MANDARIN_VOCATIONAL, title="M")
    for prog, name in ((teachers, "Teacher"), (mandarin, "Trainee")):
        services.complete_enrolment(services.enrol(cohort(prog), student(name, personas)))
    services.enrol(cohort(teachers, name="later"), student("Not yet", personas))
    ours = list(services.completions([personas.university.pk]))
    assert [(e.profile.full_name, e.teacher_training, e.mandarin_vocational) for e in ours] == [
        ("Teacher", True, False)
    ]
    assert ours[0].completed_on is not None
    assert {e.profile.full_name for e in services.completions()} == {"Teacher", "Trainee"}
    assert [e.mandarin_vocational for e in services.completions([other.pk])] == [True]


def test_adoptions_in_another_country_count_towards_targets(personas):
    pakistani = OrganizationFactory(kind=OrganizationKind.VOCATIONAL_COLLEGE, country="PK")
    standard = CurriculumStandard.objects.create(
        code="ev-repair", title_en="EV repair", origin=personas.university, origin_country="CN"
    )
    services.adopt_standard(standard, pakistani, adopted_on=dt.date(2026, 3, 1))
    services.adopt_standard(standard, personas.university, adopted_on=dt.date(2025, 9, 1))
    assert [a.institution for a in services.standard_adoptions()] == [pakistani]
    assert services.standard_adoptions([personas.university.pk]).count() == 0
    assert services.standard_adoptions(cross_border=False).count() == 2
    with pytest.raises(ValidationError, match="already adopted"):
        services.adopt_standard(standard, pakistani, adopted_on=dt.date(2026, 4, 1))


def test_programmes_closing_lists_the_programmes_teaching_a_skill(personas):
    kiln, weld = f.skill("kiln"), f.skill("weld")
    prog = programme([personas.university], [(kiln, 3)])
    programme([personas.university], [(weld, 3)], title="Welding")
    assert list(services.programmes_closing([kiln.pk])) == [prog]


def _order(personas, **extra):
    return TalentOrder.objects.create(
        key="o", orderer=personas.enterprise_a, supplier=personas.university, title_en="O", **extra
    )


def test_order_moves_through_its_table_and_refuses_the_rest(personas):
    order = _order(personas, quantity=20)
    with pytest.raises(ValidationError, match="Only the training institution"):
        services.change_order_status(order, OrderStatus.ACCEPTED, actor=personas.recruiter_a)
    with pytest.raises(ValidationError, match="cannot go from proposed to fulfilled"):
        services.change_order_status(order, OrderStatus.FULFILLED, actor=personas.institution_admin)
    for status in (OrderStatus.ACCEPTED, OrderStatus.IN_TRAINING, OrderStatus.FULFILLED):
        services.change_order_status(order, status, actor=personas.institution_admin)
    assert order.status == OrderStatus.FULFILLED
    with pytest.raises(ValidationError):
        services.change_order_status(order, OrderStatus.CANCELLED, actor=personas.recruiter_a)


def test_either_side_may_cancel_and_outsiders_may_not(personas):
    order = _order(personas)
    assert services.order_transitions(order, personas.recruiter_b) == []
    with pytest.raises(ValidationError):
        services.change_order_status(order, OrderStatus.CANCELLED, actor=personas.recruiter_b)
    services.change_order_status(order, OrderStatus.CANCELLED, actor=personas.recruiter_a)
    assert order.status == OrderStatus.CANCELLED


def test_order_progress_counts_enrolled_and_trained(personas):
    order = _order(personas, quantity=5)
    c = cohort(programme([personas.university], []), order=order)
    done = services.enrol(c, student("Done", personas))
    services.enrol(c, student("Learning", personas))
    services.end_enrolment(services.enrol(c, student("Gone", personas)), EnrolmentStatus.WITHDRAWN)
    services.complete_enrolment(done)
    progress = services.order_progress(order)
    assert progress["ordered"] == 5 and progress["enrolled"] == 2 and progress["trained"] == 1
    assert progress["placed"] in (0, 1)  # counted through the pipeline once it exists


def test_a_competition_result_certifies_the_skill(personas):
    weld = f.skill("welding")
    competition = Competition.objects.create(key="c", title_en="Skills Competition")
    competition.skills.add(weld)
    s = student("Medal", personas, skills=[(weld, 2)])
    services.record_result(competition, s, weld, result="gold", score=91)
    row = ProfileSkill.objects.get(profile=s, skill=weld)
    assert row.evidence == Evidence.CERTIFIED and row.level == 4
    assert row.evidence_note == "Gold medal, Skills Competition"
    with pytest.raises(ValidationError, match="not a skill of this competition"):
        services.record_result(competition, s, f.skill("other"), result="gold")
