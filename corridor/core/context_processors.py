"""Template context available on every page."""

from corridor.core.permissions import Action, grants


def navigation(request):
    user = request.user
    return {
        "nav_can_see_people": bool(grants(user, "directory.person", Action.VIEW)),
        "nav_can_import": bool(grants(user, "imports.importbatch", Action.CREATE)),
        "nav_can_see_drives": bool(grants(user, "matching.placementdrive", Action.VIEW)),
        "nav_roles": (
            sorted({role for role, _org in user.role_grants()})
            if getattr(user, "is_authenticated", False)
            else []
        ),
    }
