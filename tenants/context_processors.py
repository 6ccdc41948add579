def province(request):
    """The province (or the national domain) the page belongs to."""
    tenant = getattr(request, "tenant", None)
    if tenant is None or tenant.schema_name == "public":
        return {"province": None, "site_title": "全国社会组织党建数据比较"}
    committee = tenant.committee_name(request.rules)
    return {"province": tenant, "committee_name": committee, "site_title": committee}
