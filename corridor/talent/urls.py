from django.urls import path

from corridor.talent import views

app_name = "talent"

urlpatterns = [
    path("me/", views.MyProfileView.as_view(), name="my_profile"),
    path("me/suggest-skills/", views.SuggestSkillsView.as_view(), name="suggest_skills"),
    path("profiles/", views.ProfileListView.as_view(), name="profile_list"),
    path("profiles/new/", views.ProfileFormView.as_view(), name="profile_create"),
    path("profiles/<int:pk>/", views.ProfileDetailView.as_view(), name="profile_detail"),
    path("profiles/<int:pk>/edit/", views.ProfileFormView.as_view(), name="profile_update"),
    path("profiles/<int:pk>/delete/", views.ProfileDeleteView.as_view(), name="profile_delete"),
    path("profiles/<int:pk>/cv/", views.CvDownloadView.as_view(), name="profile_cv"),
    path("profiles/<int:pk>/consents/", views.ConsentGrantView.as_view(), name="consent_grant"),
    path(
        "profiles/<int:pk>/consents/<int:consent_pk>/revoke/",
        views.ConsentRevokeView.as_view(),
        name="consent_revoke",
    ),
]
