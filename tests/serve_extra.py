"""The `serve` extra for the serve tests: its TestClient, or the test module skipped when fastapi,
httpx, jinja2 or python-multipart is not installed."""
from __future__ import annotations

import warnings

import pytest


def serve_client_class():
    pytest.importorskip("fastapi", reason="the serve extra is not installed")
    pytest.importorskip("httpx", reason="httpx is not installed (FastAPI's TestClient needs it)")
    pytest.importorskip("jinja2", reason="the serve extra is not installed")
    pytest.importorskip("multipart", reason="python-multipart is not installed")
    with warnings.catch_warnings():  # newer Starlette suggests httpx2; httpx still works
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    return TestClient
