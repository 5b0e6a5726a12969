import pytest


@pytest.fixture(autouse=True)
def _private_uploads(settings, tmp_path):
    # Uploaded files go to a directory of this test only.
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private_media"
