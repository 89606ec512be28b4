"""``{% insights_nav %}``: the main navigation's link to insights, as the user's role allows
(the dashboards for staff, the public statistics for everyone else)."""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag(takes_context=True)
def insights_nav(context):
    from corridor.insights.dashboards import COUNTRY_POLICY, may_view

    request = context.get("request")
    user = getattr(request, "user", None)
    if user is not None and may_view(user, COUNTRY_POLICY):
        return format_html('<a href="{}">{}</a>', reverse("insights:index"), _("Insights"))
    return format_html('<a href="{}">{}</a>', reverse("insights:statistic_list"), _("Statistics"))


@register.simple_tag(takes_context=True)
def insights_may_see_dashboards(context) -> bool:
    from corridor.insights.dashboards import COUNTRY_POLICY, may_view

    request = context.get("request")
    return bool(request and may_view(request.user, COUNTRY_POLICY))
