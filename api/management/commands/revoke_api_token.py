"""Revoke API tokens: ``manage.py revoke_api_token jilin warehouse`` (every active token of that
name) or ``... jilin <prefix>`` (one token); ``--national <name>`` for national tokens."""
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import schema_context

from api.services import api_token_revoke
from accounts.actors import Actor

from ._common import schema_for, split_positionals


class Command(BaseCommand):
    help = "吊销一个省（或 --national 全国）的 API 令牌：按名称（该名称的全部有效令牌）或按前缀（一个令牌）。"

    def add_arguments(self, parser):
        parser.add_argument("names", nargs="+", metavar="<省份> <名称或前缀>")
        parser.add_argument("--national", action="store_true")

    def handle(self, *args, **options):
        province_code, name = split_positionals(options["names"], options["national"])
        schema, label = schema_for(province_code, options["national"])
        with schema_context(schema):
            try:
                tokens = api_token_revoke(name_or_prefix=name, actor=Actor.system("manage.py revoke_api_token"))
            except ValidationError as error:
                raise CommandError("；".join(m for messages in error.message_dict.values() for m in messages)) from None
        for token in tokens:
            self.stdout.write(f"已吊销{label}令牌“{token.name}”（前缀 {token.prefix}）")
