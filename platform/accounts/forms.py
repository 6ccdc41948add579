"""The login forms (web and admin), with the username's length checked.

Django's ``AuthenticationForm`` sets the username field's ``max_length`` after the field is
built, so no length validator runs: a longer name reached ``authenticate()`` and django-axes,
whose attempt row (255 characters) then failed with a 500. Here it is a form error."""
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator


class _BoundedUsername:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(field.max_length))


class LoginForm(_BoundedUsername, AuthenticationForm):
    pass


class AdminLoginForm(_BoundedUsername, AdminAuthenticationForm):
    pass
