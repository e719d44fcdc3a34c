"""Write output files so that a crash never leaves a half-written file behind."""
from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from numcheck.claims.errors import NumcheckError


def _current_umask() -> int:
    # Linux reports it without changing it; os.umask() would briefly change it for every thread.
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomic(path: str | os.PathLike, data: str | bytes) -> None:
    """Write to a temporary file in the same folder, fsync, then rename over `path`.

    The file gets the mode an ordinary write would give it (an existing file's
    mode, else 0666 less the umask), not mkstemp's 0600. Failures are
    NumcheckError E301 naming the file.
    """
    target = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            status = target.stat()
            mode = stat.S_IMODE(status.st_mode)
        except FileNotFoundError:
            status, mode = None, 0o666 & ~_current_umask()
        if status is not None and not stat.S_ISREG(status.st_mode):
            # --output /dev/null, a pipe or a terminal: written to, never replaced by a file
            with open(target, "wb") as fh:
                fh.write(payload)
            return
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise NumcheckError(str(target), "E301", f"cannot write output: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError):
            raise NumcheckError(str(target), "E301", f"cannot write output: {exc.strerror or exc}") from None
        raise
