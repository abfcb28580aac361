from django.shortcuts import render
from django.views.decorators.http import require_GET

from practiceqa.core.access import require
from practiceqa.frameworks.selectors import framework_list


@require_GET
def framework_list_view(request):
    require(request.user, "frameworks.view_frameworks")
    return render(request, "frameworks/framework_list.html", {"frameworks": framework_list()})
