from django.urls import reverse


def test_my_work_lists_supervisees_for_a_supervisor(organisation, sign_in):
    client = sign_in(organisation.supervisor)
    response = client.get(reverse("my-work"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "People you supervise" in body
    assert organisation.subject.full_name in body
    assert organisation.outsider.full_name not in body
