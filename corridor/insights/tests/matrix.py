"""Insights rows of the permission matrix (see corridor/core/tests/test_permission_matrix.py).

Statistics are public. Gap analysis and country dashboards are for signed-in staff (platform
admins, the secretariat, institution admins, recruiters): 403 for students and outsiders.
The alliance used has the association (the secretariat's) and enterprise A as members, so
its dashboard opens for platform admins, the secretariat and recruiter A, and is a 404 for
everyone else signed in.
"""

from django.urls import reverse

from corridor.core.testing import EVERYONE, expect

STAFF = ["platform_admin", "secretariat", "institution_admin", "recruiter_a", "recruiter_b"]
ALLIANCE_VIEWERS = ["platform_admin", "secretariat", "recruiter_a"]


def _api(allowed, *, otherwise=404):
    return expect(allowed, otherwise=otherwise, anonymous=401)


ROUTES = {
    "insights:index": (lambda o: reverse("insights:index"), expect(STAFF, otherwise=403)),
    "insights:statistic_list": (
        lambda o: reverse("insights:statistic_list"),
        expect(EVERYONE),
    ),
    "insights:gaps": (lambda o: reverse("insights:gaps"), expect(STAFF, otherwise=403)),
    "insights:gaps_export": (
        lambda o: reverse("insights:gaps_export", args=["xlsx"]),
        expect(STAFF, otherwise=403),
    ),
    "insights:alliance_dashboard": (
        lambda o: reverse("insights:alliance_dashboard", args=[o["insights_alliance"].pk]),
        expect(ALLIANCE_VIEWERS),
    ),
    "insights:alliance_export": (
        lambda o: reverse("insights:alliance_export", args=[o["insights_alliance"].pk, "pdf"]),
        expect(ALLIANCE_VIEWERS),
    ),
    "insights:country_dashboard": (
        lambda o: reverse("insights:country_dashboard", args=["PK"]),
        expect(STAFF, otherwise=403),
    ),
    "insights:country_export": (
        lambda o: reverse("insights:country_export", args=["PK", "xlsx"]),
        expect(STAFF, otherwise=403),
    ),
    "api:statistic-list": (lambda o: reverse("api:statistic-list"), expect(EVERYONE)),
    "api:statistic-detail": (
        lambda o: reverse("api:statistic-detail", args=[o["insights_statistic"].pk]),
        expect(EVERYONE),
    ),
    "api:insights-gaps": (
        lambda o: reverse("api:insights-gaps"),
        _api(STAFF, otherwise=403),
    ),
    "api:insights-alliance": (
        lambda o: reverse("api:insights-alliance", args=[o["insights_alliance"].pk]),
        _api(ALLIANCE_VIEWERS),
    ),
    "api:insights-country": (
        lambda o: reverse("api:insights-country", args=["PK"]),
        _api(STAFF, otherwise=403),
    ),
}


def objects(personas) -> dict:
    from corridor.directory.models import AllianceMember, Organization, OrganizationKind
    from corridor.insights.models import Statistic

    alliance = Organization.objects.create(
        slug="matrix-insights-alliance",
        kind=OrganizationKind.ALLIANCE,
        country="CN",
        name_en="Matrix Alliance",
    )
    for member in (personas.association, personas.enterprise_a):
        AllianceMember.objects.create(alliance=alliance, member=member)
    statistic = Statistic.objects.create(
        key="matrix-statistic", label_en="Matrix statistic", value=1, unit="persons"
    )
    return {"insights_alliance": alliance, "insights_statistic": statistic}
