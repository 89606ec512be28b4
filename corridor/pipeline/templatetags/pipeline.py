"""``{% position_application_actions position as actions %}``: what the signed-in user may
do about applications on a position's page (apply, see their application, open the board)."""

from django import template

from corridor.core.permissions import Action
from corridor.jobs.models import PositionStatus

register = template.Library()


@register.simple_tag(takes_context=True)
def position_application_actions(context, position) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    result = {"can_apply": False, "application": None, "can_board": False}
    if not getattr(user, "is_authenticated", False):
        return result
    from corridor.jobs.models import Position
    from corridor.pipeline.models import Application
    from corridor.talent.models import TalentProfile

    profile = TalentProfile.objects.filter(user=user).first()
    if profile is not None:
        result["application"] = (
            Application.objects.filter(profile=profile, position=position).live().first()
        )
        result["can_apply"] = (
            result["application"] is None and position.status == PositionStatus.OPEN
        )
    result["can_board"] = (
        Position.objects.for_user(user, Action.CHANGE).filter(pk=position.pk).exists()
    )
    return result
