"""Placement drives: create, run (directly and through the task worker), report, export,
publish, under the organisers' pools."""

import io

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from corridor.matching.drives import execute_drive, publish_offers
from corridor.matching.models import Allocation, AllocationStatus, DriveStatus, PlacementDrive
from corridor.matching.tasks import run_drive
from corridor.matching.tests import factories as f


def build(personas):
    weld = f.skill("welding")
    survey = f.skill("land surveying")
    cad = f.skill("AutoCAD")
    welder = f.position(
        personas.enterprise_a, "welder", essential=[weld], languages=[("zh", "HSK", "3")],
        headcount=2,
    )  # fmt: skip
    surveyor = f.position(personas.enterprise_a, "surveyor", essential=[survey], headcount=1)
    drafter = f.position(personas.enterprise_b, "drafter", essential=[cad], headcount=1)
    students = [
        f.profile("Welder One", institution=personas.university, skills=[(weld, 4)],
                  languages=[("zh", "HSK", "5")]),
        f.profile("Welder Two", institution=personas.university, skills=[(weld, 3)],
                  languages=[("zh", "HSK", "4")]),
        f.profile("Welder Three", institution=personas.university, skills=[(weld, 2)],
                  languages=[("zh", "HSK", "4")], nationality="VN"),
        f.profile("=HYPERLINK(\"x\")", institution=personas.university,
                  skills=[(weld, 4), (survey, 4)], languages=[("zh", "HSK", "2")]),
        f.profile("Surveyor", institution=personas.university, skills=[(survey, 3)]),
        f.profile("Painter", skills=[(f.skill("painting"), 4)]),
    ]  # fmt: skip
    return {
        "weld": weld,
        "welder": welder,
        "surveyor": surveyor,
        "drafter": drafter,
        "students": students,
    }


def make_drive(personas, data, **kwargs) -> PlacementDrive:
    values = {
        "name": "Spring drive",
        "organiser": personas.recruiter_a,
        "organization": personas.enterprise_a,
    }
    values.update(kwargs)
    drive = PlacementDrive.objects.create(**values)
    drive.positions.set([data["welder"], data["surveyor"], data["drafter"]])
    return drive


def _check_stable_outcome(drive, data):
    drive.refresh_from_db()
    assert drive.status == DriveStatus.DONE, drive.error
    assert drive.progress == 1.0
    report = drive.report
    # the drafter position belongs to enterprise B: outside recruiter A's pool
    assert report["n_positions"] == 2 and report["total_slots"] == 3
    assert report["n_candidates"] == 6
    assert report["stability"] == {"ok": True, "blocking_pairs": 0, "over_capacity": 0}
    allocations = {a.profile.full_name: a.position.reference for a in drive.allocations.all()}
    assert allocations == {
        "Welder One": "welder",
        "Welder Two": "welder",
        '=HYPERLINK("x")': "surveyor",
    }
    assert report["filled_slots"] == 3 == drive.allocations.count()
    assert {tuple(row[1:]) for row in report["positions"]} == {(2, 2), (1, 1)}
    assert sum(report["histogram"]) == 3
    reasons = dict(report["unplaced"])
    painter = data["students"][5]
    assert reasons[painter.pk] == 1  # no position shares a skill
    assert reasons[data["students"][2].pk] == 4  # preferred positions full


@pytest.mark.django_db
def test_drive_runs_when_the_task_is_called_directly(personas):
    data = build(personas)
    drive = make_drive(personas, data)
    result = run_drive.call(drive.pk)
    assert result["status"] == DriveStatus.DONE and result["filled_slots"] == 3
    _check_stable_outcome(drive, data)
    # idempotent: running again gives the same allocation, no duplicates
    before = sorted(drive.allocations.values_list("profile_id", "position_id", "score", "rank"))
    execute_drive(drive.pk)
    after = sorted(drive.allocations.values_list("profile_id", "position_id", "score", "rank"))
    assert before == after


@pytest.mark.django_db(transaction=True)
def test_drive_runs_through_the_queue_and_the_db_worker(personas, client_for):
    data = build(personas)
    drive = make_drive(personas, data)
    client = client_for(personas.recruiter_a)
    response = client.post(reverse("matching:drive_run", args=[drive.pk]))
    assert response.status_code == 302
    drive.refresh_from_db()
    assert drive.status == DriveStatus.QUEUED and drive.task_id
    status = client.get(reverse("matching:drive_status", args=[drive.pk]))
    assert 'hx-trigger="every 2s"' in status.content.decode()  # the page polls

    call_command("db_worker", "--batch", "--queue-name", "*", "--no-startup-delay", "--no-reload")
    _check_stable_outcome(drive, data)

    polled = client.get(
        reverse("matching:drive_status", args=[drive.pk]) + "?polling=1",
        headers={"HX-Request": "true"},
    )
    assert polled["HX-Refresh"] == "true"  # finished: the page reloads once
    assert "every 2s" not in polled.content.decode()


@pytest.mark.django_db
def test_max_suitability_rule_fills_as_much_and_reports_no_stability_check(personas):
    data = build(personas)
    drive = make_drive(personas, data, rule="max_suitability")
    execute_drive(drive.pk)
    drive.refresh_from_db()
    assert drive.status == DriveStatus.DONE
    assert drive.report["filled_slots"] == 3 and drive.report["stability"] is None


@pytest.mark.django_db
def test_min_score_leaves_weak_pairs_out(personas):
    data = build(personas)
    drive = make_drive(personas, data, min_score=99.5)
    execute_drive(drive.pk)
    drive.refresh_from_db()
    # only the two perfect pairs (100 points) pass; the 90- and 70-point ones do not
    assert drive.report["filled_slots"] == 2
    assert drive.report["unplaced_counts"]["BELOW_MIN_SCORE"] == 3


@pytest.mark.django_db
def test_drive_without_candidates_fails_with_a_reason(personas):
    data = build(personas)
    drive = make_drive(personas, data, candidate_nationality="KZ")
    result = execute_drive(drive.pk)
    drive.refresh_from_db()
    assert result["status"] == DriveStatus.FAILED
    assert drive.status == DriveStatus.FAILED and "No candidate" in drive.error


@pytest.mark.django_db
def test_report_page_shows_fill_histogram_verification_and_unplaced_reasons(personas, client_for):
    data = build(personas)
    drive = make_drive(personas, data)
    execute_drive(drive.pk)
    page = client_for(personas.recruiter_a).get(reverse("matching:drive_report", args=[drive.pk]))
    body = page.content.decode()
    assert page.status_code == 200
    assert "3 / 3" in body
    assert "Verified: 0 blocking pairs" in body
    assert "No position in the drive asks for a skill the candidate has" in body
    assert "filled by better-suited candidates" in body
    assert f"Candidate #{data['students'][0].pk}" in body  # anonymised for the recruiter
    assert "Welder One" not in body
    admin = client_for(personas.platform_admin).get(
        reverse("matching:drive_report", args=[drive.pk])
    )
    assert "Welder One" in admin.content.decode()


@pytest.mark.django_db
def test_xlsx_export_opens_and_escapes_formulas(personas, client_for):
    data = build(personas)
    drive = make_drive(personas, data)
    execute_drive(drive.pk)
    response = client_for(personas.platform_admin).get(
        reverse("matching:drive_export", args=[drive.pk])
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][0] == "Candidate" and len(rows) == 4
    names = {row[0] for row in rows[1:]}
    assert names == {"Welder One", "Welder Two", '\'=HYPERLINK("x")'}
    assert all(isinstance(row[7], float | int) for row in rows[1:])

    anonymised = client_for(personas.recruiter_a).get(
        reverse("matching:drive_export", args=[drive.pk])
    )
    book = openpyxl.load_workbook(io.BytesIO(b"".join(anonymised.streaming_content)))
    names = {row[0] for row in list(book.active.iter_rows(values_only=True))[1:]}
    assert all(name.startswith("Candidate #") for name in names)


@pytest.mark.django_db
def test_publish_offers_marks_allocations_once_and_freezes_the_drive(personas, client_for):
    data = build(personas)
    drive = make_drive(personas, data)
    client = client_for(personas.recruiter_a)
    publish = reverse("matching:drive_publish", args=[drive.pk])
    client.post(publish)  # not run yet: nothing happens
    drive.refresh_from_db()
    assert drive.published_at is None
    execute_drive(drive.pk)
    assert client.get(publish).status_code == 200  # confirmation page
    assert client.post(publish).status_code == 302
    drive.refresh_from_db()
    assert drive.published_at is not None
    assert set(drive.allocations.values_list("status", flat=True)) == {AllocationStatus.OFFERED}
    assert publish_offers(drive) == 0  # second time: nothing
    assert execute_drive(drive.pk)["status"] == "published"  # never re-run
    client.post(reverse("matching:drive_run", args=[drive.pk]))
    drive.refresh_from_db()
    assert drive.status == DriveStatus.DONE


@pytest.mark.django_db
def test_recruiter_creates_a_drive_over_own_positions(personas, client_for):
    data = build(personas)
    client = client_for(personas.recruiter_a)
    form = client.get(reverse("matching:drive_create")).content.decode()
    assert "Welder" in form and "Drafter" not in form  # B's position is not offered
    response = client.post(
        reverse("matching:drive_create"),
        {
            "name": "Pakistan welding",
            "rule": "stable",
            "list_length": 10,
            "min_score": 0,
            "positions": [data["welder"].pk],
        },
    )
    assert response.status_code == 302
    drive = PlacementDrive.objects.get(name="Pakistan welding")
    assert drive.organization == personas.enterprise_a and drive.organiser == personas.recruiter_a
    assert list(drive.positions.all()) == [data["welder"]]
    detail = client.get(response["Location"]).content.decode()
    assert "Pakistan welding" in detail and "6 profiles" in detail

    # a position of enterprise B cannot be smuggled in
    bad = client.post(
        reverse("matching:drive_create"),
        {"name": "x", "rule": "stable", "list_length": 5, "min_score": 0,
         "positions": [data["drafter"].pk]},
    )  # fmt: skip
    assert bad.status_code == 400


@pytest.mark.django_db
def test_filters_choose_positions_and_institution_admin_only_gets_own_students(
    personas, client_for
):
    data = build(personas)
    client = client_for(personas.institution_admin)
    response = client.post(
        reverse("matching:drive_create"),
        {"name": "University drive", "rule": "max_suitability", "list_length": 20,
         "min_score": 0, "position_country": "PK"},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()
    drive = PlacementDrive.objects.get(name="University drive")
    assert drive.organization == personas.university
    assert drive.candidate_institution == personas.university
    assert set(drive.positions.all()) == {data["welder"], data["surveyor"], data["drafter"]}
    execute_drive(drive.pk)
    drive.refresh_from_db()
    assert drive.report["n_candidates"] == 5  # the painter studies elsewhere


@pytest.mark.django_db
def test_drive_pages_answer_only_their_organisers(personas, client_for):
    data = build(personas)
    drive = make_drive(personas, data)
    url = reverse("matching:drive_detail", args=[drive.pk])
    assert client_for(personas.recruiter_a).get(url).status_code == 200
    assert client_for(personas.platform_admin).get(url).status_code == 200
    assert client_for(personas.recruiter_b).get(url).status_code == 404
    assert client_for(personas.student).get(url).status_code == 404
    assert (
        client_for(personas.recruiter_b)
        .post(reverse("matching:drive_run", args=[drive.pk]))
        .status_code
        == 404
    )
    lst = client_for(personas.recruiter_b).get(reverse("matching:drive_list")).content.decode()
    assert "Spring drive" not in lst
    assert (
        "Spring drive"
        in client_for(personas.recruiter_a).get(reverse("matching:drive_list")).content.decode()
    )
    assert Allocation.objects.count() == 0


@pytest.mark.django_db
def test_drive_over_candidates_without_skills_runs(personas):
    weld = f.skill("welding")
    f.skill("brazing").related.add(weld)
    welder = f.position(personas.enterprise_a, "welder", essential=[weld])
    f.profile("No skills")
    drive = PlacementDrive.objects.create(
        name="Empty", organiser=personas.recruiter_a, organization=personas.enterprise_a
    )
    drive.positions.set([welder])
    execute_drive(drive.pk)
    drive.refresh_from_db()
    assert drive.status == DriveStatus.DONE
    assert drive.report["filled_slots"] == 0
    assert drive.report["unplaced_counts"]["NO_CANDIDATE_POSITIONS"] == 1


@pytest.mark.django_db
def test_organiser_deletes_a_drive_but_not_a_published_one(personas, client_for):
    data = build(personas)
    drive = make_drive(personas, data)
    execute_drive(drive.pk)
    url = reverse("matching:drive_delete", args=[drive.pk])
    assert client_for(personas.recruiter_b).post(url).status_code == 404
    client = client_for(personas.recruiter_a)
    publish_offers(drive)
    client.post(url)
    assert PlacementDrive.objects.filter(pk=drive.pk).exists()
    other = make_drive(personas, data, name="Second")
    assert client.post(reverse("matching:drive_delete", args=[other.pk])).status_code == 302
    assert not PlacementDrive.objects.filter(pk=other.pk).exists()
