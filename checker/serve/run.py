"""Start the server: index the corpus (with the progress bar `numcheck index` shows), print the
URL, serve until interrupted. What `numcheck serve` calls."""
from __future__ import annotations

import ipaddress
import secrets
import sys
from pathlib import Path

from numcheck.checker.serve.security import LOOPBACK_HOSTS


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve(corpus: list[str], *, host: str = "127.0.0.1", port: int = 8765, baseline: Path | None = None,
          token: str | None = None, max_bytes: int | None = None, cache_path: Path | None = None,
          jobs: int | None = None, quiet: bool = False, config_file: Path | None = None,
          workers: int | None = None, max_corroborating: int | None = None) -> None:
    """`max_corroborating`: the corpus claims a corroboration lists at most (None: the app's
    default, state.DEFAULT_MAX_CORROBORATING; 0: all of them)."""
    import uvicorn

    from numcheck.checker.config import load_config
    from numcheck.checker.progress import ProgressBar
    from numcheck.checker.serve.app import create_app
    from numcheck.checker.serve.state import DEFAULT_MAX_CORROBORATING
    from numcheck.checker.serve.workers import default_workers
    from numcheck.claims.inputs import DEFAULT_MAX_BYTES

    local = is_loopback(host)
    generated = False
    if not local and not token:  # reachable from elsewhere: never without a token
        token, generated = secrets.token_urlsafe(24), True
    with ProgressBar(0, "index", quiet=quiet) as bar:
        app = create_app(corpus, baseline=baseline, token=token, max_bytes=max_bytes or DEFAULT_MAX_BYTES,
                         config=load_config(Path.cwd(), config_file), cache_path=cache_path, jobs=jobs,
                         progress=bar, allowed_hosts=LOOPBACK_HOSTS if local and not token else None,
                         workers=default_workers() if workers is None else workers,
                         max_corroborating=DEFAULT_MAX_CORROBORATING if max_corroborating is None
                         else max_corroborating or None)
    state = app.state.corpus
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{port}/" + (f"?token={token}" if token else "")
    print(f"numcheck: {len(state.files)} corpus documents indexed; serving at {url}", file=sys.stderr, flush=True)
    if generated:
        print("numcheck: a token was generated (shown once, in the URL above); every request needs it",
              file=sys.stderr, flush=True)
    for e in state.errors:
        print(f"numcheck: {e.path}: {e.message} [{e.code}]", file=sys.stderr)
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)
