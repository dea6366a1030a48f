"""A scoping sample for the generated suite: a text file attached to the unit itself."""

from __future__ import annotations

import hashlib
import itertools

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile

from fazhi.attachments.models import Attachment
from fazhi.core.models import OrgUnit
from tests.factories import make_user
from tests.scoping_samples import register_sample

_n = itertools.count(1)
CONTENT = "样本证明材料\n".encode()


@register_sample(Attachment)
def make_attachment(unit) -> Attachment:
    uploader = make_user(f"sample_uploader_{next(_n)}", None, full_name="样本上传人")
    attachment = Attachment(
        unit=unit,
        content_type=ContentType.objects.get_for_model(OrgUnit),
        object_id=str(unit.pk),
        original_name="样本证明材料.txt",
        size=len(CONTENT),
        sha256=hashlib.sha256(CONTENT).hexdigest(),
        file_type="txt",
        mime_type="text/plain",
        uploaded_by=uploader,
    )
    attachment.file.save("sample.txt", ContentFile(CONTENT), save=False)
    attachment.save()
    return attachment
