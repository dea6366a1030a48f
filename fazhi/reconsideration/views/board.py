"""The 行政复议 deadline board: every running case with its next statutory deadline, coloured."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.views import generic

from fazhi.core.choices import Permission
from fazhi.core.forms.units import BootstrapFormMixin, UnitChoiceField, unit_field_for
from fazhi.core.models import OrgUnit
from fazhi.core.views.base import ScopedViewMixin
from fazhi.reconsideration.models import ReconsiderationCase
from fazhi.reconsideration.selectors import BOARD_RULES, BoardState, board_handlers, deadline_board
from fazhi.workdays.rules import get_rule

ONLY_CHOICES = [
    ("", _("全部")),
    ("attention", _("已逾期及即将到期")),
    ("overdue", _("只看已逾期")),
    ("due_soon", _("只看即将到期")),
]


class HandlerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.username


class BoardFilterForm(BootstrapFormMixin, forms.Form):
    unit = UnitChoiceField(
        label=_("单位（含下级）"), queryset=OrgUnit.objects.none(), required=False, empty_label=_("全部")
    )
    handler = HandlerChoiceField(label=_("承办人"), queryset=None, required=False, empty_label=_("全部"))
    rule = forms.ChoiceField(label=_("期限种类"), required=False)
    only = forms.ChoiceField(label=_("到期情况"), required=False, choices=ONLY_CHOICES)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        unit_field_for(self.fields["unit"], user, Permission.VIEW)
        self.fields["handler"].queryset = board_handlers(user=user)
        self.fields["rule"].choices = [("", _("全部")), *((k, get_rule(k).label) for k in BOARD_RULES)]


class BoardView(ScopedViewMixin, generic.TemplateView):
    """/reconsideration/board/: sorted by due date; overdue red, due within FAZHI_REMINDER_WORKING_DAYS
    working days amber, 中止 shown as paused. Reads through ``restrict`` (deadline_board)."""

    model = ReconsiderationCase
    template_name = "reconsideration/board.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = BoardFilterForm(self.request.GET or None, user=self.request.user)
        filters = form.cleaned_data if form.is_valid() else {}
        board = deadline_board(
            user=self.request.user,
            unit=filters.get("unit"),
            handler=filters.get("handler"),
            rule_key=filters.get("rule") or "",
            only=filters.get("only") or "",
        )
        context.update(
            form=form,
            board=board,
            states=BoardState,
            overdue_count=board.count(BoardState.OVERDUE),
            due_soon_count=board.count(BoardState.DUE_SOON),
            paused_count=board.count(BoardState.PAUSED),
        )
        return context
