import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.urls import reverse

from corridor.cooperation import services
from corridor.cooperation.dates import format_partial_date
from corridor.cooperation.models import Metric, Source, Target, TargetProgressEntry
from corridor.cooperation.tests.helpers import alliance, target

pytestmark = pytest.mark.django_db


@pytest.fixture
def cp(personas):
    obj = alliance(secretariat_of=personas.association, members=[personas.university])
    jobs = target(obj, Metric.INTERNSHIPS_AND_JOBS, 50000, label_en="Internships and jobs solved")
    centres = target(obj, Metric.TRAINING_CENTRES, 36, label_en="Training centres")
    return obj, jobs, centres


def test_alliance_page_shows_targets_with_progress_members_and_counts(personas, client_for, cp):
    obj, jobs, centres = cp
    obj.member_count_text = "more than 300 universities and 80 enterprises"
    obj.save()
    page = client_for(None).get(obj.get_absolute_url()).content.decode()
    assert "Internships and jobs solved" in page and "Training centres" in page
    assert 'data-testid="progress-internships_and_jobs">0<' in page
    assert "Computed live from platform data" in page and "No figure yet" in page
    assert "more than 300 universities" in page  # as reported
    assert 'data-testid="members-recorded">2<' in page  # as recorded: secretariat + member
    assert "Feb. 17, 2023" in page


def test_secretariat_adds_a_target_and_enters_progress_with_evidence(personas, client_for, cp):
    obj, _jobs, centres = cp
    client = client_for(personas.secretariat)
    response = client.post(
        reverse("cooperation:target_create", args=[obj.slug]),
        {
            "metric": "branch_campuses",
            "label_en": "Branch campuses",
            "target_value": "210",
            "comparator": "exact",
            "measurement": "entered",
            "order": "3",
        },
    )
    assert response.status_code == 302
    created = Target.objects.get(label_en="Branch campuses")
    assert created.alliance == obj
    entry_url = reverse("cooperation:target_progress", args=[centres.pk])
    refused = client.post(
        entry_url,
        {
            "value": "5",
            "as_of": "2024-06-30",
            "evidence": "Ministry list",
            "evidence_file": SimpleUploadedFile("list.pdf", b"not a pdf at all"),
        },
    )
    assert refused.status_code == 400 and "Only PDF" in refused.content.decode()
    assert not TargetProgressEntry.objects.exists()
    ok = client.post(entry_url, {"value": "5", "as_of": "2024-06-30", "evidence": "Ministry list"})
    assert ok.status_code == 302
    page = client.get(obj.get_absolute_url()).content.decode()
    assert 'data-testid="progress-training_centres">5<' in page


def test_a_target_the_platform_cannot_count_cannot_be_marked_computed(personas, client_for, cp):
    obj, *_ = cp
    response = client_for(personas.secretariat).post(
        reverse("cooperation:target_create", args=[obj.slug]),
        {
            "metric": "courses",
            "label_en": "Courses",
            "target_value": "1000",
            "comparator": "at_least",
            "measurement": "computed",
            "order": "0",
        },
    )
    assert response.status_code == 400
    assert "cannot count" in response.content.decode()
    assert not Target.objects.filter(label_en="Courses").exists()


def test_a_future_figure_is_refused(personas, client_for, cp):
    _obj, _jobs, centres = cp
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    response = client_for(personas.secretariat).post(
        reverse("cooperation:target_progress", args=[centres.pk]),
        {"value": "5", "as_of": tomorrow.isoformat(), "evidence": "x"},
    )
    assert response.status_code == 400 and "future" in response.content.decode()


def test_another_alliances_secretariat_cannot_add_targets(personas, client_for, cp):
    from corridor.core.testing import OrganizationFactory

    other = alliance("other-alliance", secretariat_of=OrganizationFactory(slug="other-assoc"))
    response = client_for(personas.secretariat).get(
        reverse("cooperation:target_create", args=[other.slug])
    )
    assert response.status_code == 404


def test_sources_tag_lists_the_citations_of_any_record(personas, client_for, cp):
    obj, jobs, _centres = cp
    source = Source.objects.create(
        slug="seed-001",
        title_en="Seminar report",
        publisher="Tang",
        date_year=2023,
        date_month=2,
        date_day=21,
    )
    services.cite(jobs, source, "closing speech")
    services.cite(jobs, source, "closing speech")  # idempotent
    html = Template("{% load cooperation %}{% sources_for obj %}").render(Context({"obj": jobs}))
    assert "Seminar report" in html and "closing speech" in html and "Feb. 21, 2023" in html
    assert (
        Template("{% load cooperation %}{% sources_for obj %}")
        .render(Context({"obj": obj}))
        .strip()
        == ""
    )
    source_page = client_for(None).get(source.get_absolute_url()).content.decode()
    assert jobs.label_en in source_page


def test_partial_dates_never_invent_a_year():
    assert format_partial_date(None, 11, 22) == "November 22 (year not stated)"
    assert format_partial_date(None, None, None) == "not stated"
    assert format_partial_date(2023, None, None) == "2023"


def test_api_gives_targets_with_computed_progress(personas, client_for, cp):
    obj, jobs, _centres = cp
    body = client_for(None).get(reverse("api:target-list"), {"alliance": obj.slug}).json()
    rows = {row["metric"]: row for row in body["results"]}
    assert rows["internships_and_jobs"]["progress"]["source"] == "computed"
    assert rows["internships_and_jobs"]["progress"]["value"] == 0
    assert rows["training_centres"]["progress"]["source"] == "none"
    alliance_body = client_for(None).get(reverse("api:alliance-detail", args=[obj.slug])).json()
    assert alliance_body["countries"] == ["CN", "PK"] and alliance_body["members_recorded"] == 2


def test_secretariat_adds_and_ends_memberships_which_drive_computed_progress(
    personas, client_for, cp
):
    from corridor.api.tests import data
    from corridor.cooperation.progress import target_progress
    from corridor.cooperation.tests.helpers import place
    from corridor.directory.models import AllianceMember

    obj, jobs, _centres = cp
    client = client_for(personas.secretariat)
    url = reverse("cooperation:alliance_members", args=[obj.slug])
    added = client.post(url, {"member": personas.enterprise_a.pk, "role": "member"})
    assert added.status_code == 302
    again = client.post(url, {"member": personas.enterprise_a.pk, "role": "member"})
    assert again.status_code == 400 and "already recorded" in again.content.decode()
    profile = data.profile(personas.student_b, None, "Student elsewhere")
    position = data.position(personas.enterprise_a, "member-position")
    place(profile, position, student_user=personas.student_b, recruiter=personas.recruiter_a)
    assert target_progress(jobs).value == 1  # enterprise A is a member now
    row = AllianceMember.objects.get(alliance=obj.organization, member=personas.enterprise_a)
    ended = client.post(reverse("cooperation:alliance_member_end", args=[obj.slug, row.pk]))
    assert ended.status_code == 302
    assert target_progress(jobs).value == 0  # a member that left no longer counts
    assert client_for(personas.recruiter_a).get(url).status_code == 404


def test_keepers_cite_a_source_for_their_records_and_others_cannot(personas, client_for, cp):
    from corridor.cooperation.models import Citation
    from corridor.cooperation.tests.helpers import agreement

    _obj, jobs, _centres = cp
    source = Source.objects.create(slug="seed-001", title_en="Seminar report")
    url = reverse("cooperation:cite", args=["cooperation.target", jobs.pk])
    page = client_for(personas.secretariat).get(jobs.get_absolute_url()).content.decode()
    assert "Cite this source" in page
    response = client_for(personas.secretariat).post(
        url, {"source": source.pk, "locator": "p. 2", "next": jobs.get_absolute_url()}
    )
    assert response.status_code == 302 and response.url == jobs.get_absolute_url()
    assert Citation.objects.get().locator == "p. 2"
    assert "Cite this source" not in client_for(None).get(jobs.get_absolute_url()).content.decode()
    deal = agreement(personas.enterprise_a, personas.university)
    other = client_for(personas.recruiter_b).post(
        reverse("cooperation:cite", args=["cooperation.agreement", deal.pk]), {"source": source.pk}
    )
    assert other.status_code == 404
    assert client_for(None).post(url, {"source": source.pk}).status_code == 302  # to sign in
    assert Citation.objects.count() == 1
    nonsense = client_for(personas.secretariat).post(
        reverse("cooperation:cite", args=["no.such", 1]), {"source": source.pk}
    )
    assert nonsense.status_code == 404
