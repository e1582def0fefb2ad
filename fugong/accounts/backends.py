"""Permissions come from role grants: a role is treated like a group with a scope."""

from django.contrib.auth.backends import ModelBackend


class RoleGrantBackend(ModelBackend):
    def get_user_permissions(self, user_obj, obj=None):
        """Permissions are given through roles only, never to a user directly."""
        return set()

    def get_group_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_role_perm_cache"):
            perms = set()
            for grant in user_obj.scope_grants():
                perms |= grant.permissions
            user_obj._role_perm_cache = perms
        return user_obj._role_perm_cache
