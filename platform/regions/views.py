from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .selectors import region_children, region_get


@login_required
def region_detail(request, code):
    region = region_get(code=code)
    return render(request, "regions/region_detail.html", {"region": region, "children": region_children(region=region)})
