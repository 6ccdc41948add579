"""A trivial DRF view: the product's default authentication (token lookup), scope permission
and throttle (Redis) run, then it answers a constant. What the list API costs beyond it is the
list itself (query, serialization, pagination)."""
from rest_framework.response import Response
from rest_framework.views import APIView


class BenchPingApi(APIView):
    def get(self, request):
        return Response({"ok": True})
