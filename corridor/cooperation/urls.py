from django.urls import path

from corridor.cooperation import views

app_name = "cooperation"

urlpatterns = [
    path("alliances/", views.AllianceListView.as_view(), name="alliance_list"),
    path("alliances/<slug:slug>/", views.AllianceDetailView.as_view(), name="alliance_detail"),
    path("alliances/<slug:slug>/edit/", views.AllianceFormView.as_view(), name="alliance_update"),
    path(
        "alliances/<slug:slug>/members/",
        views.AllianceMembersView.as_view(),
        name="alliance_members",
    ),
    path(
        "alliances/<slug:slug>/members/<int:pk>/end/",
        views.AllianceMemberEndView.as_view(),
        name="alliance_member_end",
    ),
    path(
        "alliances/<slug:slug>/targets/new/",
        views.TargetFormView.as_view(),
        name="target_create",
    ),
    path("targets/<int:pk>/", views.TargetDetailView.as_view(), name="target_detail"),
    path("targets/<int:pk>/edit/", views.TargetFormView.as_view(), name="target_update"),
    path("targets/<int:pk>/delete/", views.TargetDeleteView.as_view(), name="target_delete"),
    path("targets/<int:pk>/progress/", views.ProgressEntryView.as_view(), name="target_progress"),
    path("agreements/", views.AgreementListView.as_view(), name="agreement_list"),
    path("agreements/new/", views.AgreementFormView.as_view(), name="agreement_create"),
    path("agreements/<slug:slug>/", views.AgreementDetailView.as_view(), name="agreement_detail"),
    path(
        "agreements/<slug:slug>/edit/", views.AgreementFormView.as_view(), name="agreement_update"
    ),
    path(
        "agreements/<slug:slug>/delete/",
        views.AgreementDeleteView.as_view(),
        name="agreement_delete",
    ),
    path(
        "agreements/<slug:slug>/status/",
        views.AgreementStatusView.as_view(),
        name="agreement_status",
    ),
    path(
        "agreements/<slug:slug>/documents/",
        views.AgreementDocumentView.as_view(),
        name="agreement_document_add",
    ),
    path(
        "agreements/<slug:slug>/documents/<int:pk>/",
        views.AgreementDocumentDownloadView.as_view(),
        name="agreement_document",
    ),
    path("sources/", views.SourceListView.as_view(), name="source_list"),
    path("cite/<str:label>/<int:object_id>/", views.CiteView.as_view(), name="cite"),
    path("sources/<slug:slug>/", views.SourceDetailView.as_view(), name="source_detail"),
]
