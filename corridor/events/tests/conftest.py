"""Events owned by the association (organised by its secretariat) for the events tests."""

import datetime as dt
import zoneinfo

import pytest

from corridor.events.models import Event, EventOrganiser, EventStatus

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def make_event(organiser, **fields) -> Event:
    values = {
        "kind": "employment_fair",
        "title_en": "Employment fair for Pakistani students",
        "title_zh": "巴基斯坦留学生就业交流会",
        "starts_at": dt.datetime(2027, 1, 11, 9, 30, tzinfo=SHANGHAI),
        "ends_at": dt.datetime(2027, 1, 11, 17, 0, tzinfo=SHANGHAI),
        "city": "Beijing",
        "country": "CN",
        "status": EventStatus.PUBLISHED,
    }
    values.update(fields)
    event = Event.objects.create(**values)
    if organiser is not None:
        EventOrganiser.objects.create(event=event, organization=organiser)
    return event


@pytest.fixture
def fair(personas):
    """A published fair organised by the association (the secretariat's organisation)."""
    return make_event(personas.association, capacity=2)
