from django.urls import path

from corridor.events import views, views_meetings
from corridor.events.models import Session, Speaker

app_name = "events"

urlpatterns = [
    path("", views.EventListView.as_view(), name="event_list"),
    path("new/", views.EventFormView.as_view(), name="event_create"),
    path("<int:pk>/", views.EventDetailView.as_view(), name="event_detail"),
    path("<int:pk>/edit/", views.EventFormView.as_view(), name="event_update"),
    path("<int:pk>/delete/", views.EventDeleteView.as_view(), name="event_delete"),
    path("<int:pk>/agenda/", views.AgendaView.as_view(), name="agenda"),
    path(
        "<int:pk>/agenda/sessions/<int:item>/delete/",
        views.AgendaItemDeleteView.as_view(model=Session),
        name="session_delete",
    ),
    path(
        "<int:pk>/agenda/speakers/<int:item>/delete/",
        views.AgendaItemDeleteView.as_view(model=Speaker),
        name="speaker_delete",
    ),
    path("<int:pk>/register/", views.RegisterView.as_view(), name="register"),
    path("<int:pk>/register-others/", views.RegisterOthersView.as_view(), name="register_others"),
    path("<int:pk>/registrations/", views.RegistrationListView.as_view(), name="registrations"),
    path("<int:pk>/check-in/", views.CheckInView.as_view(), name="check_in"),
    path("<int:pk>/check-in/scan/", views.CheckInScanView.as_view(), name="check_in_scan"),
    path("<int:pk>/check-in/counts/", views.CheckInCountsView.as_view(), name="check_in_counts"),
    path("<int:pk>/booths/new/", views.BoothCreateView.as_view(), name="booth_create"),
    path("booths/<int:pk>/edit/", views.BoothUpdateView.as_view(), name="booth_update"),
    path("registrations/<int:pk>/decide/", views.DecideView.as_view(), name="decide"),
    path("registrations/<int:pk>/cancel/", views.CancelView.as_view(), name="cancel"),
    path("my/", views.MyRegistrationsView.as_view(), name="my_registrations"),
    path("tickets/<int:pk>/", views.TicketView.as_view(), name="ticket"),
    path("tickets/<int:pk>/calendar.ics", views.TicketCalendarView.as_view(), name="ticket_ics"),
    *views_meetings.urlpatterns,
]
