"""Write paths for accounts, shared by pages, commands and the demo loader."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from corridor.accounts.models import ROLES_WITHOUT_ORGANIZATION, Membership, Role, User


@transaction.atomic
def grant_role(user: User, role: str, organization=None) -> Membership:
    """Give ``user`` ``role`` in ``organization`` (idempotent).

    Raises ValidationError when the role needs an organisation and none is given.
    """
    role = Role(role)
    if organization is None and role not in ROLES_WITHOUT_ORGANIZATION:
        raise ValidationError(_("The role %(role)s needs an organisation.") % {"role": role.label})
    membership, _created = Membership.objects.get_or_create(
        user=user, role=role, organization=organization
    )
    user.__dict__.pop("_role_grants", None)
    return membership
