"""Users, roles, scoping and login security (tables in every schema: public and provinces).

- ``models``: ``Role``, ``RoleAssignment`` (user × role × region/supervisor/organization/
  instructor), ``AccountProfile`` (pending password change, unmask permission).
- ``scoping``: what a user may read: ``organizations_for``, ``party_organizations_for``,
  ``members_for``, ``instructors_for``, ``scope_queryset``, ``can_unmask``; the escape
  hatches ``dangerously_all_organizations`` and ``dangerously_whole_province``. Fail closed.
- ``services``: every write, audited: ``user_create``, ``user_password_reset``,
  ``role_assign``/``role_revoke``, ``unmask_permission_set``, ``member_unmask``.
- 三权分立: system administrator = users; security administrator = roles and the unmask
  permission; audit administrator = the audit log. Administrator roles are held alone,
  nobody grants to themselves, and a superuser counts as a system administrator only
  (``admin_site.ADMIN_POLICY`` is the ceiling of the Django admin for everyone).
- Login (``views``, ``middleware``): /accounts/login/, 5 failures lock the account for 30
  minutes in that province (django-axes, on every login path and on wrong TOTP codes);
  then a one-time password is changed; then administrators, provincial staff and national
  users pass TOTP (django-otp). Sessions end after 30 idle minutes.
- Commands: ``create_user <province|national> <username> --role ...`` prints a one-time
  password; ``reencrypt_personal_data`` (privacy) after a key rotation.
"""
