"""Login and logout are audited in the transaction that records them."""

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from fazhi.core.choices import AuditAction


@receiver(user_logged_in)
def audit_login(sender, request, user, **kwargs):
    from fazhi.core.services.audit import audit_record

    membership = user.current_membership()
    audit_record(actor=user, action=AuditAction.LOGIN, obj=user, unit=membership.unit if membership else None)


@receiver(user_logged_out)
def audit_logout(sender, request, user, **kwargs):
    from fazhi.core.services.audit import audit_record

    if user is None:
        return
    membership = user.current_membership()
    audit_record(
        actor=user, action=AuditAction.LOGOUT, obj=user, unit=membership.unit if membership else None
    )
