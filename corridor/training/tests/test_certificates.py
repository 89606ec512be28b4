import datetime as dt
import io

import pytest
from pypdf import PdfReader

from corridor.training import services
from corridor.training.tests.helpers import cohort, programme, student

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(personas):
    prog = programme([personas.university], [], title_zh="陶瓷行业人才定制培养项目")
    s = student("阮氏兰", personas, user=personas.student)
    s.name_latin = "Nguyen Thi Lan"
    s.save()
    return services.complete_enrolment(services.enrol(cohort(prog), s), on=dt.date(2026, 7, 1))


def test_the_pdf_carries_names_in_both_scripts_and_the_code(certificate, client_for, personas):
    response = client_for(personas.student).get(f"/training/certificates/{certificate.code}/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "阮氏兰" in text and "Nguyen Thi Lan" in text
    assert "陶瓷行业人才定制培养项目" in text and "Ceramics for Vietnam" in text
    assert certificate.code in text and f"/training/verify/{certificate.code}/" in text


def test_another_student_cannot_download_it(certificate, client_for, personas):
    response = client_for(personas.student_b).get(f"/training/certificates/{certificate.code}/pdf/")
    assert response.status_code == 404


def test_anyone_can_verify_a_code(certificate, client):
    page = client.get(f"/training/verify/{certificate.code}/").content.decode()
    assert "This certificate is genuine" in page
    assert "阮氏兰" in page and "Ceramics for Vietnam" in page and "2026" in page


def test_an_unknown_code_says_so_with_404(client, db):
    response = client.get("/training/verify/NOSUCHCODE22/")
    assert response.status_code == 404
    assert "No certificate has the code" in response.content.decode()
