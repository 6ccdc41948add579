from django.apps import AppConfig


class SubmissionsConfig(AppConfig):
    name = "submissions"
    verbose_name = "年报与年检清单"

    def ready(self):
        from accounts.scoping import register_scoped_model
        from registry.models import SocialOrganization

        from .models import Submission

        register_scoped_model(Submission, path="organization", scoped_by=SocialOrganization)
