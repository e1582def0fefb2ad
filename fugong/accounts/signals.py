"""Renew the access stamp of every user whose grants or roles change (see `access`)."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from fugong.accounts.access import renew_access_stamps
from fugong.accounts.models import Role, RoleGrant, User


def _holders(roles):
    return User.objects.filter(pk__in=RoleGrant.objects.filter(role__in=roles).values("user_id"))


@receiver([post_save, post_delete], sender=RoleGrant, dispatch_uid="grant_changes_access")
def grant_changed(sender, instance, **kwargs):
    cached = instance._state.fields_cache.get("user")
    renew_access_stamps(cached if cached is not None else User.objects.filter(pk=instance.user_id))


@receiver(post_save, sender=Role, dispatch_uid="role_changes_access")
def role_changed(sender, instance, created, **kwargs):
    if not created:
        renew_access_stamps(_holders([instance]))


@receiver(m2m_changed, sender=Role.permissions.through, dispatch_uid="role_perms_change_access")
def role_permissions_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    if reverse:  # permission.role_set changed: the roles are pk_set (None on clear)
        roles = Role.objects.filter(pk__in=pk_set) if pk_set else Role.objects.all()
    else:
        roles = [instance]
    renew_access_stamps(_holders(roles))
