from django.urls import path, re_path

from corridor.imports import views

app_name = "imports"

urlpatterns = [
    path("", views.ImportIndexView.as_view(), name="index"),
    path("<int:pk>/", views.BatchDetailView.as_view(), name="batch_detail"),
    path("<int:pk>/rejected.csv", views.batch_rejected, name="batch_rejected"),
    path("<int:pk>/run/", views.BatchRunView.as_view(), name="batch_run"),
    re_path(
        r"^export/(?P<kind>organisations|profiles|positions)\.(?P<fmt>csv|xlsx)$",
        views.export,
        name="export",
    ),
]
