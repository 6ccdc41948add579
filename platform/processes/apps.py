from django.apps import AppConfig


class ProcessesConfig(AppConfig):
    name = "processes"
    verbose_name = "办理事项"

    def ready(self):
        from importlib import import_module

        from django.conf import settings

        from accounts.scoping import register_scoped_model
        from regions.models import Region
        from registry.models import PartyOrganization, SocialOrganization

        from .models import Case

        # A case is seen by whoever sees its organization, its Party organization, or (city and
        # county staff) its region: a task assigned to a city committee has only a region.
        register_scoped_model(Case, path="organization", scoped_by=SocialOrganization,
                              also=(("party_organization", PartyOrganization), ("region", Region)))
        # Rule modules that only a test suite or a deployment adds (e.g. the suite's test process).
        for module in getattr(settings, "PROVINCE_RULES_EXTRA_MODULES", ()):
            import_module(module)
