from django.urls import path

from corridor.pipeline import views

app_name = "pipeline"

urlpatterns = [
    path("", views.ApplicationListView.as_view(), name="application_list"),
    path("<int:pk>/", views.ApplicationDetailView.as_view(), name="application_detail"),
    path("<int:pk>/move/", views.TransitionView.as_view(), name="application_transition"),
    path("<int:pk>/notes/", views.NoteCreateView.as_view(), name="application_note"),
    path("positions/<int:position_id>/board/", views.BoardView.as_view(), name="board"),
    path("positions/<int:position_id>/apply/", views.ApplyView.as_view(), name="apply"),
    path(
        "positions/<int:position_id>/invite/<int:profile_id>/",
        views.InviteView.as_view(),
        name="invite",
    ),
]
