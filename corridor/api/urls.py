"""/api/: the REST endpoints (router), the token endpoint, the user, and the OpenAPI
schema with its Swagger UI and Redoc pages."""

from django.urls import path, re_path
from django.views.decorators.cache import cache_page
from drf_spectacular.views import SpectacularAPIView

from corridor.accounts import api as accounts_api
from corridor.api import views
from corridor.cooperation import api as cooperation_api
from corridor.events import api as events_api
from corridor.events import api_meetings as meetings_api
from corridor.insights import api as insights_api
from corridor.notifications.api import NotificationViewSet
from corridor.pipeline.api import ApplicationViewSet
from corridor.training import api as training_api

app_name = "api"

router = views.Router()
router.register("organisations", views.OrganizationViewSet, basename="organization")
router.register("people", views.PersonViewSet, basename="person")
router.register("skills", views.SkillViewSet, basename="skill")
router.register("occupations", views.OccupationViewSet, basename="occupation")
router.register("sectors", views.SectorViewSet, basename="sector")
router.register("profiles", views.ProfileViewSet, basename="profile")
router.register("projects", views.ProjectViewSet, basename="project")
router.register("positions", views.PositionViewSet, basename="position")
router.register("drives", views.PlacementDriveViewSet, basename="drive")
router.register("audit", accounts_api.AuditEntryViewSet, basename="audit")
router.register("consent-records", accounts_api.ConsentRecordViewSet, basename="consent-record")
router.register("statistics", insights_api.StatisticViewSet, basename="statistic")
router.register("notifications", NotificationViewSet, basename="notification")
router.register("applications", ApplicationViewSet, basename="application")
router.register("alliances", cooperation_api.AllianceViewSet, basename="alliance")
router.register("targets", cooperation_api.TargetViewSet, basename="target")
router.register("agreements", cooperation_api.AgreementViewSet, basename="agreement")
router.register("sources", cooperation_api.SourceViewSet, basename="source")
router.register("events", events_api.EventViewSet, basename="event")
router.register("registrations", events_api.RegistrationViewSet, basename="registration")
router.register("booths", events_api.BoothViewSet, basename="booth")
router.register("meeting-requests", meetings_api.MeetingRequestViewSet, basename="meeting-request")
router.register("meetings", meetings_api.MeetingViewSet, basename="meeting")
router.register("consultations", meetings_api.ConsultationViewSet, basename="consultation")
router.register("event-outcomes", meetings_api.EventOutcomesViewSet, basename="event-outcome")
router.register("programmes", training_api.ProgrammeViewSet, basename="programme")
router.register("cohorts", training_api.CohortViewSet, basename="cohort")
router.register("enrolments", training_api.EnrolmentViewSet, basename="enrolment")
router.register("talent-orders", training_api.TalentOrderViewSet, basename="talent-order")
router.register("standards", training_api.StandardViewSet, basename="standard")
router.register("competitions", training_api.CompetitionViewSet, basename="competition")

urlpatterns = [
    path("me/", views.MeView.as_view(), name="me"),
    path("me/data/", accounts_api.MyDataView.as_view(), name="me-data"),
    path("me/erase/", accounts_api.EraseMeView.as_view(), name="me-erase"),
    path(
        "recommendations/positions/",
        views.RecommendedPositionsView.as_view(),
        name="recommendations-positions",
    ),
    path("auth/token/", views.AuthTokenView.as_view(), name="auth-token"),
    path("insights/gaps/", insights_api.GapsApiView.as_view(), name="insights-gaps"),
    path(
        "insights/alliances/<int:pk>/",
        insights_api.AllianceDashboardApiView.as_view(),
        name="insights-alliance",
    ),
    path(
        "insights/countries/<str:code>/",
        insights_api.CountryDashboardApiView.as_view(),
        name="insights-country",
    ),
    path("career-plan/", training_api.CareerPlanView.as_view(), name="career-plan"),
    # Generating the schema takes a second or more: keep it a while (per language).
    path("schema/", cache_page(15 * 60)(SpectacularAPIView.as_view()), name="schema"),
    path("docs/", views.SwaggerView.as_view(url_name="api:schema"), name="swagger-ui"),
    path("redoc/", views.RedocView.as_view(url_name="api:schema"), name="redoc"),
    *router.urls,
    # Last: whatever else ends in a slash (paths without one are redirected to it first).
    re_path(r"^.*/$", views.NotFoundView.as_view()),
]
