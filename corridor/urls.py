from django.contrib import admin
from django.urls import include, path

from corridor.core import views as core_views

urlpatterns = [
    path("", include("corridor.core.urls")),
    # Pages that do not link the icon (the admin) make browsers ask for /favicon.ico.
    path("favicon.ico", core_views.favicon),
    path("healthz", core_views.healthz, name="healthz"),
    path("accounts/", include("corridor.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("directory/", include("corridor.directory.urls")),
    path("taxonomy/", include("corridor.taxonomy.urls")),
    path("talent/", include("corridor.talent.urls")),
    path("jobs/", include("corridor.jobs.urls")),
    path("imports/", include("corridor.imports.urls")),
    path("matching/", include("corridor.matching.urls")),
    path("notifications/", include("corridor.notifications.urls")),
    path("applications/", include("corridor.pipeline.urls")),
    path("events/", include("corridor.events.urls")),
    path("cooperation/", include("corridor.cooperation.urls")),
    path("training/", include("corridor.training.urls")),
    path("insights/", include("corridor.insights.urls")),
    path("api/", include("corridor.api.urls")),
    path("admin/", admin.site.urls),
]
