import pytest


@pytest.fixture(autouse=True)
def _own_media_root(settings, tmp_path):
    """Each test its own storage folder: one test's uploads and error sheets never show in another."""
    settings.MEDIA_ROOT = tmp_path / "media"
