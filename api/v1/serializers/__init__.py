"""Serializers of the province API: shapes only. Reads turn models into JSON (personal data
masked); writes check types and hand a dict to the registry service, which checks meaning."""
