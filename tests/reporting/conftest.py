import pytest


@pytest.fixture
def typed_in_only(monkeypatch):
    """The reconsideration.* keys as though the unit kept no cases on the platform (like 南海区 2018):
    its figures are the typed-in ones, whatever the reconsideration computers would say."""
    from fazhi.metrics import registry

    registry.computers()
    for key in [k for k in registry._COMPUTERS if k.startswith("reconsideration.")]:
        monkeypatch.delitem(registry._COMPUTERS, key)
