from django.urls import path, re_path

from corridor.insights import views

app_name = "insights"

urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("statistics/", views.StatisticListView.as_view(), name="statistic_list"),
    path("gaps/", views.GapsView.as_view(), name="gaps"),
    path("gaps/export.<str:fmt>", views.GapsView.as_view(), name="gaps_export"),
    path("alliances/<int:pk>/", views.AllianceDashboardView.as_view(), name="alliance_dashboard"),
    path(
        "alliances/<int:pk>/export.<str:fmt>",
        views.AllianceDashboardView.as_view(),
        name="alliance_export",
    ),
    re_path(
        r"^countries/(?P<code>[A-Za-z]{2})/$",
        views.CountryDashboardView.as_view(),
        name="country_dashboard",
    ),
    re_path(
        r"^countries/(?P<code>[A-Za-z]{2})/export\.(?P<fmt>xlsx|pdf)$",
        views.CountryDashboardView.as_view(),
        name="country_export",
    ),
]
