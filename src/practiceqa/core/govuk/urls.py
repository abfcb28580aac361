from django.urls import path

from practiceqa.core.govuk import gallery

urlpatterns = [path("components/", gallery.component_gallery, name="component-gallery")]
