"""API token authentication, as DRF's, read in one compiled query.

Every API call of an enterprise's system authenticates with its token: DRF builds,
compiles and runs `Token.objects.select_related("user").get(key=…)`, which loads every
column of the user, decrypting the phone and identity number on the way. Here the same
look-up is compiled once (`PreparedRead`) and reads only what a request needs of the user;
the other fields are deferred (loaded on first use, like `.only()`). A refusal (no such
token, an inactive user) is left to DRF's own method, with its messages and translations.
"""

from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS
from rest_framework import authentication
from rest_framework.authtoken.models import Token

from fugong.accounts.models import User
from fugong.common.instances import instance
from fugong.common.prepared import PreparedRead

# What a request reads of its user: identity, access (the stamp keys the access cache),
# the audit's name, the organisation, the language. Not the password or personal data.
USER_FIELDS = (
    "id",
    "username",
    "full_name",
    "is_active",
    "is_staff",
    "is_superuser",
    "organisation_id",
    "preferred_language",
    "access_stamp",
)
TOKEN_FIELDS = ("key", "user_id", "created")

_TOKEN_AND_USER = PreparedRead(
    lambda key: Token.objects.filter(key=key).values_list(
        *TOKEN_FIELDS, *(f"user__{name}" for name in USER_FIELDS)
    ),
    key=str,
)


class TokenAuthentication(authentication.TokenAuthentication):
    def authenticate_credentials(self, key):
        rows = _TOKEN_AND_USER(key=key) if isinstance(key, str) else []
        if not rows or not rows[0][len(TOKEN_FIELDS) + USER_FIELDS.index("is_active")]:
            return super().authenticate_credentials(key)  # raises DRF's refusal
        row = rows[0]
        split = len(TOKEN_FIELDS)
        token = instance(Token, DEFAULT_DB_ALIAS, dict(zip(TOKEN_FIELDS, row[:split], strict=True)))
        user = instance(User, DEFAULT_DB_ALIAS, dict(zip(USER_FIELDS, row[split:], strict=True)))
        token.user = user
        return (user, token)
