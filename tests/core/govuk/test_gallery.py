import pytest

from tests.text import text_of


@pytest.fixture
def client(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("reader@example.org"))
    return client


@pytest.mark.django_db
def test_the_gallery_shows_every_component_in_each_state(client):
    response = client.get("/components/")
    assert response.status_code == 200
    text = text_of(response)
    for state in ("plain", "error", "filled"):
        assert f"Form fields: {state}" in text
    html = response.content.decode()
    for component in (
        "govuk-error-summary",
        "govuk-character-count",
        "govuk-radios__conditional",
        "govuk-checkboxes",
        "govuk-date-input",
        "govuk-file-upload",
        "govuk-select",
        "govuk-summary-list",
        'role="region"',
        "govuk-tag--red",
        "govuk-button--warning",
        "govuk-pagination__item--ellipses",
    ):
        assert component in html, component
    assert "Notes must be 200 characters or fewer" in text


@pytest.mark.django_db
def test_the_gallery_is_not_served_outside_dev_and_test(client, settings):
    settings.COMPONENT_GALLERY = False
    assert client.get("/components/").status_code == 404


def test_production_settings_leave_the_gallery_off():
    from practiceqa.config.settings import base

    assert base.COMPONENT_GALLERY is False
