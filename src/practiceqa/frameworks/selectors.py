from django.db.models import Prefetch

from practiceqa.frameworks.models import Framework, FrameworkVersion


def framework_list():
    return Framework.objects.prefetch_related(
        Prefetch("versions", queryset=FrameworkVersion.objects.order_by("-number"))
    )
