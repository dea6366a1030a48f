"""System checks of 行政复议: the 纠错率 口径 setting names a known basis."""

from django.core import checks


@checks.register()
def check_correction_basis(app_configs=None, **kwargs):
    from fazhi.reconsideration.correction_basis import BASES, SETTING, basis_code

    code = basis_code()
    if code in BASES:
        return []
    return [
        checks.Error(
            f"{SETTING} 的值“{code}”无效，应为 {'、'.join(BASES)} 之一"
            "（seed：年度报告口径；self_corrected：调解及自行纠正后终止口径；national：司法部全国统计口径）。",
            id="reconsideration.E001",
        )
    ]
