"""The transition table of an issued number: a number is issued, and may be voided — never reissued."""

from django.utils.translation import gettext_lazy as _

from fazhi.core.workflow import Transition, Workflow
from fazhi.numbering.choices import NumberStatus

NUMBER_WORKFLOW = Workflow(
    NumberStatus,
    [
        # "void" maps to the delete permission (法治工作人员 and 系统管理员): a clerk may draw a number
        # but not cancel one.
        Transition(
            "void", [NumberStatus.ISSUED], NumberStatus.VOIDED, _("作废"), action="void", reason_required=True
        ),
    ],
)
