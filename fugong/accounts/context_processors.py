from fugong.common.navigation import items_for


def navigation(request):
    """The role's menu; nothing but log-out while a required second factor is pending."""
    user = getattr(request, "user", None)
    if user is None:
        return {}
    if getattr(request, "two_factor_pending", False):
        return {"navigation": [], "two_factor_pending": True}
    return {"navigation": items_for(user)}
