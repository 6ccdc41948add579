"""Issue an API token: ``manage.py issue_api_token jilin warehouse --scopes read,write [--expires-in-days 90]``,
or a read-only national token: ``manage.py issue_api_token --national ministry``. Prints the token once."""
import getpass

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django_tenants.utils import schema_context

from api.services import api_token_issue
from accounts.actors import Actor

from ._common import schema_for, split_positionals


class Command(BaseCommand):
    help = "为一个省（或 --national 全国）签发 API 令牌；令牌只显示这一次。"

    def add_arguments(self, parser):
        parser.add_argument("names", nargs="+", metavar="<省份> <名称>", help="省份拼音代码和令牌名称（--national 时只给名称）")
        parser.add_argument("--scopes", default="read", help="read、write，用逗号分隔（默认 read）")
        parser.add_argument("--expires-in-days", type=int, default=None, help="有效天数（默认 API_TOKEN_DEFAULT_EXPIRY_DAYS，365天）")
        parser.add_argument("--national", action="store_true", help="全国令牌（存于 public，只读）")

    def handle(self, *args, **options):
        province_code, name = split_positionals(options["names"], options["national"])
        schema, label = schema_for(province_code, options["national"])
        with schema_context(schema):
            try:
                issued = api_token_issue(name=name, scopes=options["scopes"], expires_in_days=options["expires_in_days"],
                                         created_by=f"manage.py ({getpass.getuser()})", national=options["national"],
                                         actor=Actor.system("manage.py issue_api_token"))
            except ValidationError as error:
                raise CommandError("；".join(f"{field}: {'、'.join(messages)}" for field, messages in error.message_dict.items())) from None
            token = issued.token
        expiry = f"，{timezone.localtime(token.expires_at):%Y-%m-%d %H:%M} 过期"
        self.stderr.write(f"已为{label}签发令牌“{token.name}”（前缀 {token.prefix}，权限 {','.join(token.scopes)}{expiry}）。"
                          "令牌只显示这一次，请妥善保存：")
        self.stdout.write(issued.secret)
