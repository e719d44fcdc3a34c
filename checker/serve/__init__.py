"""`numcheck serve`: check drafts in a browser or over HTTP against an indexed corpus.

Needs the `serve` extra (`pip install 'numcheck[serve]'`: FastAPI, uvicorn, Jinja2,
python-multipart); the core install does not import this package.
"""
from __future__ import annotations

from numcheck.checker.serve.app import create_app

__all__ = ["create_app"]
