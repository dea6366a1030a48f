"""API of 案卷评查: campaigns (read), their sample, the re-derivation from the recorded seed, and the results
with the common problems. The draw and the scoring are made on the pages."""

from __future__ import annotations

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from fazhi.core.api.base import ScopedReadOnlyViewSet
from fazhi.enforcement.casereview.api.serializers import (
    CampaignSerializer,
    ResultsSerializer,
    SampledFileSerializer,
    VerifySerializer,
)
from fazhi.enforcement.casereview.models import CampaignUnit, ReviewCampaign, SampledCase
from fazhi.enforcement.casereview.selectors import campaign_results, common_problems
from fazhi.enforcement.casereview.services import campaign_verify


class CampaignViewSet(ScopedReadOnlyViewSet):
    # 评查活动 in the caller's scope, with their sample, verification and results.
    lookup_value_converter = "uuid"
    model = ReviewCampaign
    serializer_class = CampaignSerializer
    extra_scope_actions = {"sample": "view", "verify": "view", "results": "view"}

    def refine_queryset(self, qs):
        # a participating unit sees the campaign with its own stratum only
        strata = CampaignUnit.objects.restrict(self.request.user, "view").select_related("unit")
        return qs.select_related("unit", "rubric").prefetch_related(Prefetch("strata", queryset=strata))

    @extend_schema(responses=SampledFileSerializer(many=True), summary="抽取的案卷")
    @action(detail=True, methods=["get"])
    def sample(self, request, pk=None):
        campaign = self.get_object()
        files = (
            SampledCase.objects.restrict(request.user, "view")
            .filter(campaign=campaign)
            .select_related("case", "stratum__unit")
            .order_by("stratum__unit__sort_order", "stratum__unit__code", "position")
        )
        return Response(SampledFileSerializer(files, many=True).data)

    @extend_schema(responses=VerifySerializer, summary="按记录的种子复核抽取结果")
    @action(detail=True, methods=["get"])
    def verify(self, request, pk=None):
        campaign = self.get_object()
        checks = campaign_verify(campaign=campaign, user=request.user)
        data = {
            "consistent": bool(checks) and all(c.consistent for c in checks),
            "seed": campaign.seed,
            "algorithm": campaign.algorithm,
            "units": checks,
        }
        return Response(VerifySerializer(data).data)

    @extend_schema(responses=ResultsSerializer, summary="单位评查结果与共性问题")
    @action(detail=True, methods=["get"])
    def results(self, request, pk=None):
        campaign = self.get_object()
        rows, total = campaign_results(campaign, request.user)
        data = {"units": rows, "total": total, "problems": common_problems(campaign, user=request.user)}
        return Response(ResultsSerializer(data).data)
