import pytest


@pytest.mark.django_db
def test_login_page_renders_in_chinese(client):
    response = client.get("/login/")
    assert response.status_code == 200
    assert "法治政府建设工作平台" in response.content.decode()


def test_home_shows_counts_for_own_units(people, login):
    response = login(people.clerk_a).get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "清河县市场监督管理局" in body
    assert response.context["counts"][0]["value"] == 2  # dept A and its child
