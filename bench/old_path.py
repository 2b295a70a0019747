"""Issue 16's code path, measured beside today's in the same run.

Issue 16 asks for twice the speed of the code as it stood when the issue was filed
(commit ``ISSUE_16_COMMIT``). Its files are unpacked from the repository's history, and
its DocumentProcessor is timed by measure.py on the same documents, in the same run, as
today's: the ratio holds on any machine and under any load.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
from pathlib import Path

ISSUE_16_COMMIT = "81396f8"


def unpack(repo: Path, commit: str, folder: Path) -> Path | None:
    """The files of ``commit`` unpacked into ``folder``, or None when the repository's
    history does not hold it (a shallow clone, an exported tree) or git is missing."""
    try:
        archive = subprocess.run(["git", "-C", str(repo), "archive", "--format=tar", commit],
                                 capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    return folder


def environment(env: dict[str, str], tree: Path) -> dict[str, str]:
    """``env`` with ``tree``'s package imported instead of today's."""
    return {**env, "PYTHONPATH": str(tree)}
