"""Views of the province API: thin. Reads go through ``api.scoping.scoped`` and the registry
selectors; writes call one registry service each, inside a transaction with their audit entry."""
