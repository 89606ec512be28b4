"""How the API turns :data:`corridor.core.permissions.POLICY` into HTTP answers.

The rule, for every model endpoint (see :class:`corridor.api.views.ScopedViewSet`):

* the HTTP method names the action: GET/HEAD/OPTIONS view, POST create, PUT/PATCH change,
  DELETE delete;
* an anonymous request for an action POLICY does not grant to anonymous visitors: **401**;
* a signed-in user without any grant for creating or listing: **403**;
* an object outside the user's *view* scope: **404** (whatever the method), so that nobody
  learns whether it exists;
* an object the user may view but not change or delete: **403** to the write.
"""

from __future__ import annotations

from rest_framework.permissions import BasePermission, IsAuthenticated

from corridor.core.permissions import Action, grants

METHOD_ACTIONS = {
    "GET": Action.VIEW,
    "HEAD": Action.VIEW,
    "OPTIONS": Action.VIEW,
    "POST": Action.CREATE,
    "PUT": Action.CHANGE,
    "PATCH": Action.CHANGE,
    "DELETE": Action.DELETE,
}


def action_for_method(method: str) -> Action:
    # Any other method is answered 405 by the view; "view" is the harmless guess here.
    return METHOD_ACTIONS.get((method or "").upper(), Action.VIEW)


class PolicyPermission(BasePermission):
    """Lets a request through when POLICY grants its action to the user at all; which
    objects it reaches is decided by ``for_user`` in the view (404/403 there)."""

    def has_permission(self, request, view) -> bool:
        action = view.policy_action
        if grants(request.user, view.policy_label, action):
            return True
        if not request.user.is_authenticated:
            return False  # -> 401 (NotAuthenticated)
        # Signed in without any grant: on one object, say 404 or 403 as for_user decides
        # (never reveal whether it exists); on a collection, refuse outright.
        return bool(getattr(view, "detail", False))


class TokenEndpointPermission(BasePermission):
    """Anyone may ask for a token; revoking one needs the account it belongs to."""

    def has_permission(self, request, view) -> bool:
        if request.method == "DELETE":
            return bool(request.user and request.user.is_authenticated)
        return True


class SignedInWithRole(IsAuthenticated):
    """Signed in, and the view then checks the role: answers 401 to anonymous visitors and
    403 to signed-in users whose role does not include the view (documented as such; plain
    ``IsAuthenticated`` is documented as never answering 403)."""
