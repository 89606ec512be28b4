from django.urls import path

from corridor.directory import views

app_name = "directory"

urlpatterns = [
    path("organisations/", views.OrganizationListView.as_view(), name="organization_list"),
    path("organisations/new/", views.OrganizationFormView.as_view(), name="organization_create"),
    path(
        "organisations/<slug:slug>/",
        views.OrganizationDetailView.as_view(),
        name="organization_detail",
    ),
    path(
        "organisations/<slug:slug>/edit/",
        views.OrganizationFormView.as_view(),
        name="organization_update",
    ),
    path(
        "organisations/<slug:slug>/delete/",
        views.OrganizationDeleteView.as_view(),
        name="organization_delete",
    ),
    path("people/", views.PersonListView.as_view(), name="person_list"),
    path("people/new/", views.PersonFormView.as_view(), name="person_create"),
    path("people/<slug:slug>/", views.PersonDetailView.as_view(), name="person_detail"),
    path("people/<slug:slug>/edit/", views.PersonFormView.as_view(), name="person_update"),
    path("people/<slug:slug>/delete/", views.PersonDeleteView.as_view(), name="person_delete"),
]
