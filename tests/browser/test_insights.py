"""Insights in a real browser: charts drawn by our ECharts copy (a canvas appears), the
country tiles by default and the world map only when asked for, with no console error
and no Content-Security-Policy violation (checked by the page fixture)."""

import pytest
from playwright.sync_api import expect

from corridor.insights.tests.helpers import build

pytestmark = pytest.mark.browser


def test_alliance_dashboard_draws_its_charts(page, personas, sign_in):
    data = build(personas)
    sign_in(personas.secretariat)
    page.goto(f"/insights/alliances/{data.alliance.pk}/")
    expect(page.get_by_role("heading", name="Test Alliance")).to_be_visible()
    members = page.locator('[data-chart="members-chart"]')
    expect(members).to_have_attribute("data-rendered", "true")
    expect(members.locator("canvas")).to_have_count(1)
    expect(page.locator('[data-chart="gaps-chart"] canvas')).to_have_count(1)
    members.locator("canvas").hover()  # tooltips are drawn in the canvas, not as HTML


def test_gap_page_draws_demand_against_supply(page, personas, sign_in):
    build(personas)
    sign_in(personas.recruiter_a)
    page.goto("/insights/gaps/?country=PK")
    chart = page.locator('[data-chart="gap-chart"]')
    expect(chart.locator("canvas")).to_have_count(1)
    expect(page.get_by_test_id("gap-table")).to_contain_text("welding")


def test_overview_shows_tiles_first_and_switches_to_the_map(page, personas, sign_in):
    build(personas)
    sign_in(personas.platform_admin)
    page.goto("/insights/")
    tiles = page.get_by_test_id("country-tiles")
    expect(tiles).to_be_visible()
    expect(tiles).to_contain_text("Pakistan")
    world_map = page.get_by_test_id("world-map")
    expect(world_map).to_be_hidden()
    page.get_by_role("button", name="Map").click()
    expect(world_map).to_be_visible()
    expect(world_map).to_have_attribute("data-rendered", "true")
    expect(world_map.locator("canvas")).to_have_count(1)
    expect(tiles).to_be_hidden()
    page.get_by_role("button", name="Tiles").click()
    expect(tiles).to_be_visible()
    tiles.get_by_role("link", name="Pakistan").click()
    expect(page.get_by_role("heading", name="Pakistan PK")).to_be_visible()
    expect(page.locator('[data-chart="sectors-chart"] canvas')).to_have_count(1)
