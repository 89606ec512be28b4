from django.urls import path

from corridor.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.InboxView.as_view(), name="inbox"),
    path("read/", views.MarkReadView.as_view(), name="mark_all_read"),
    path("<int:pk>/read/", views.MarkReadView.as_view(), name="mark_read"),
]
