from django.urls import path

from corridor.matching import views

app_name = "matching"

urlpatterns = [
    path("for-me/", views.PositionsForMeView.as_view(), name="for_me"),
    path(
        "positions/<int:pk>/candidates/",
        views.PositionCandidatesView.as_view(),
        name="position_candidates",
    ),
    path(
        "positions/<int:pk>/profiles/<int:profile_pk>/",
        views.PairView.as_view(),
        name="pair",
    ),
    path("drives/", views.DriveListView.as_view(), name="drive_list"),
    path("drives/new/", views.DriveCreateView.as_view(), name="drive_create"),
    path("drives/<int:pk>/", views.DriveDetailView.as_view(), name="drive_detail"),
    path("drives/<int:pk>/status/", views.DriveProgressView.as_view(), name="drive_status"),
    path("drives/<int:pk>/run/", views.DriveRunView.as_view(), name="drive_run"),
    path("drives/<int:pk>/report/", views.DriveReportView.as_view(), name="drive_report"),
    path("drives/<int:pk>/allocations.xlsx", views.DriveExportView.as_view(), name="drive_export"),
    path("drives/<int:pk>/publish/", views.DrivePublishView.as_view(), name="drive_publish"),
    path("drives/<int:pk>/delete/", views.DriveDeleteView.as_view(), name="drive_delete"),
]
