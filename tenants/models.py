"""Provinces (tenants) and their domains, kept in the public schema."""
from django.db import models
from django_tenants.models import DomainMixin, TenantMixin


class Province(TenantMixin):
    """One province: its own schema (named after ``code``) and its own rule module."""

    code = models.SlugField("代码", max_length=32, unique=True)
    name = models.CharField("名称", max_length=32)
    region_code = models.CharField("行政区划代码", max_length=6, unique=True)
    rules_key = models.CharField("规则模块", max_length=32)
    created = models.DateTimeField("创建时间", auto_now_add=True)

    # The schema and its tables are created by provisioning (tenants.services), not on save.
    auto_create_schema = False
    auto_drop_schema = False

    class Meta:
        verbose_name = "省份"
        verbose_name_plural = "省份"
        ordering = ["region_code"]

    def __str__(self):
        return self.name

    @property
    def rules(self):
        """The province's rule object, chosen from its rules key (national baseline if none)."""
        from province_rules.registry import rules_for

        return rules_for(self.rules_key)

    @property
    def committee_name(self) -> str:
        """The committee that runs the province, e.g. 吉林省社会组织联合党委."""
        name = self.rules.name
        return name if name.startswith(self.name) else f"{self.name}{name}"


class Domain(DomainMixin):
    class Meta:
        verbose_name = "域名"
        verbose_name_plural = "域名"
