"""`/`: a signed-in user starts on their dashboard, scoped to their grants; one who may not
see a dashboard gets every page they may open; an anonymous visitor the login page."""

from django.test import Client
from django.urls import reverse

from fugong.common.testing import login
from fugong.construction.tests.test_report_support import (  # noqa: F401 - fixtures
    clock_fixture,
    day,
    rw_fixture,
)
from fugong.dashboard.tests.support import dash_fixture  # noqa: F401


def test_an_anonymous_visitor_is_sent_to_the_login_page(db):
    response = Client().get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_each_role_lands_on_its_own_dashboard(dash):
    for user, sees, hidden in (
        (dash.leader, ("解放区", "山阳区"), ()),
        (dash.officer, ("解放区",), ("山阳区",)),
        (dash.site, ("解放区",), ("山阳区",)),  # an enterprise user: its own project
    ):
        client = login(Client(), user)
        response = client.get("/")
        assert response.status_code == 302 and response["Location"] == reverse("dashboard:home")
        html = client.get(response["Location"]).content.decode()
        assert 'id="dashboard-charts"' in html
        assert all(name in html for name in sees)
        assert not any(name in html for name in hidden)


def test_a_cadre_lands_on_the_dashboard_of_their_community(dash):
    client = login(Client(), dash.cadre)
    assert client.get("/")["Location"] == reverse("dashboard:home")
    assert client.get(reverse("dashboard:home")).status_code == 200


def test_without_a_dashboard_the_home_page_lists_the_pages(dash):
    outsider = login(Client(), dash.outsider)
    response = outsider.get("/")
    assert response.status_code == 200 and 'id="home-links"' in response.content.decode()


def test_the_dashboard_links_every_page(dash):
    client = login(Client(), dash.officer)
    html = client.get(reverse("dashboard:home")).content.decode()
    assert f'href="{reverse("pages")}"' in html
    pages = client.get(reverse("pages")).content.decode()
    assert 'id="home-links"' in pages and 'data-nav="dashboard:home"' in pages
