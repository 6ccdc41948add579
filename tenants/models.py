"""Provinces (tenants) and their domains, kept in the public schema."""
from django.db import models
from django_tenants.models import DomainMixin, TenantMixin


class Province(TenantMixin):
    """One province: its own schema (named after ``code``) and its own rule module.

    ``restored_from`` names the province a restore drill copied (``tenants.backups``): a copy
    shares its region code, and is left out of the national figures.
    """

    code = models.SlugField("代码", max_length=32, unique=True)
    name = models.CharField("名称", max_length=48)
    region_code = models.CharField("行政区划代码", max_length=6)
    rules_key = models.CharField("规则模块", max_length=32)
    created = models.DateTimeField("创建时间", auto_now_add=True)
    restored_from = models.SlugField("恢复自", max_length=32, blank=True)
    # The committee's adopted rule proposals (province_rules/proposals.py), each
    # {"proposal", "adopted_on", "decision", "recorded_by", "recorded_at"}: written by
    # tenants.actions.rule_proposal_adopt only, read by province_rules_at.
    rule_adoptions = models.JSONField("已采纳的规则建议", default=list, blank=True)

    # The schema and its tables are created by provisioning (tenants.services), not on save.
    auto_create_schema = False
    auto_drop_schema = False

    class Meta:
        verbose_name = "省份"
        verbose_name_plural = "省份"
        ordering = ["region_code"]
        constraints = [
            models.UniqueConstraint(fields=["region_code"], condition=models.Q(restored_from=""),
                                    name="one_province_per_region_code"),
        ]

    def __str__(self):
        return self.name

    def adoptions(self) -> dict:
        """Adopted proposal key → the date it holds from."""
        import datetime as dt

        return {entry["proposal"]: dt.date.fromisoformat(entry["adopted_on"]) for entry in self.rule_adoptions or ()}

    def committee_name(self, rules) -> str:
        """The committee that runs the province under ``rules`` (its rules object), e.g.
        吉林省社会组织联合党委; a province on the baseline rules: 湖北省社会组织党委."""
        return rules.name if rules.name.startswith(self.name) else f"{self.name}{rules.name}"


class Domain(DomainMixin):
    class Meta:
        verbose_name = "域名"
        verbose_name_plural = "域名"
