"""The service navigation's items are written by a tag: the HTML is what the template loop
it replaced wrote, character for character; the header's and footer's addresses are the
url tag's."""

from django.template import Context, Template
from django.urls import set_script_prefix

LOOP = """{% for item in navigation %}
              <li class="govuk-service-navigation__item{% if item.active %} govuk-service-navigation__item--active{% endif %}">
                <a class="govuk-service-navigation__link" href="{{ item.url }}"{% if item.active %} aria-current="{% if item.url == path %}page{% else %}true{% endif %}"{% endif %}>
                  {% if item.active %}<strong class="govuk-service-navigation__active-fallback">{{ item.label }}</strong>{% else %}{{ item.label }}{% endif %}
                </a>
              </li>
              {% endfor %}"""  # noqa: E501
TAG = "{% load service_navigation %}{% service_navigation_items navigation path %}"


def test_the_navigation_items_are_written_as_the_template_loop_wrote_them():
    navigation = [
        {"label": "My work", "url": "/my-work/", "active": False},
        {"label": "Audits", "url": "/audits/", "active": True},  # a page within: "true"
        {"label": "Plan", "url": "/plan/", "active": True},  # the page itself: "page"
        {"label": "<Caseloads & more>", "url": '/c/?a=1&b="2"', "active": False},
    ]
    for items in (navigation, navigation[:1], []):
        context = {"navigation": items, "path": "/plan/"}
        assert Template(TAG).render(Context(context)) == Template(LOOP).render(Context(context))


def test_the_header_and_footer_addresses_are_those_of_the_url_tag():
    names = ["home", "my-sessions", "sign-out", "accessibility", "my-work", "audit-list"]
    for prefix in ("/", "/qa/", "/"):
        set_script_prefix(prefix)
        for name in names:
            mine = Template(f"{{% load service_navigation %}}{{% address '{name}' %}}")
            django = Template(f"{{% url '{name}' %}}")
            assert mine.render(Context()) == django.render(Context()), (prefix, name)
    assert Template("{% url 'home' %}").render(Context()) == "/"
