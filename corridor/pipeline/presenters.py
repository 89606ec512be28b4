"""How applications are shown: the candidate's name only where the viewer may see it."""

from corridor.matching.services import candidate_name, visible_identities


def label_candidates(user, applications):
    """Set ``candidate`` (name or "Candidate #n") and ``identified`` on each application
    for ``user``, in one query. Returns the applications as a list."""
    applications = list(applications)
    visible = visible_identities(user, [a.profile for a in applications])
    for application in applications:
        application.candidate = candidate_name(application.profile, visible)
        application.identified = application.profile_id in visible
    return applications
