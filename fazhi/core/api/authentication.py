from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from fazhi.core.services.tokens import token_is_expired


class ExpiringTokenAuthentication(TokenAuthentication):
    # A token older than FAZHI_API_TOKEN_HOURS is refused; obtaining a token again issues a fresh one.

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if token_is_expired(token):
            raise exceptions.AuthenticationFailed(_("API 令牌已过期，请重新获取。"))
        return user, token
