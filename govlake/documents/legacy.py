"""Legacy Word .doc and Kingsoft .wps → Document, through LibreOffice headless.

Why LibreOffice: the binary Word format (and WPS Office's .wps, which is that format
in an OLE file) has no maintained pure-Python reader; LibreOffice is a Debian package
(`make office` installs libreoffice-writer-nogui), nothing is downloaded at run time.
It converts the file to .docx in a private temporary directory with its own user
profile (conversions running side by side do not share one), under a time limit and
an address-space cap, in its own process group so a hung converter is killed whole;
the .docx is then read by docx.py like any other.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from govlake.documents.model import Document, DocumentError

TIME_LIMIT = 60.0
MEMORY_LIMIT = 3 * 2**30       # address space of the converter process


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(data: bytes, *, suffix: str, to: str, time_limit: float = TIME_LIMIT) -> bytes:
    """`data` (a file ending in `suffix`) converted by LibreOffice to format `to`."""
    exe = soffice()
    if exe is None:
        raise DocumentError("LibreOffice (soffice) is not installed: .doc/.wps cannot be read "
                            "(make office, or apt-get install libreoffice-writer-nogui)")
    with tempfile.TemporaryDirectory(prefix="govlake-office-") as tmp:
        src = Path(tmp) / f"input{suffix}"
        src.write_bytes(data)
        out = Path(tmp) / "out"
        cmd = [exe, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--norestore",
               "--nolockcheck", "--nodefault", "--nologo", "--convert-to", to,
               "--outdir", str(out), str(src)]
        try:
            proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                    stdin=subprocess.DEVNULL, start_new_session=True,
                                    preexec_fn=_limits, env={**os.environ, "HOME": tmp})
        except OSError as exc:
            raise DocumentError(f"LibreOffice could not start: {exc}") from None
        try:
            _, err = proc.communicate(timeout=time_limit)
        except subprocess.TimeoutExpired:
            _kill(proc)
            raise DocumentError(f"LibreOffice took more than {time_limit:.0f} s to convert "
                                "the document: stopped") from None
        made = sorted(out.glob("*")) if out.is_dir() else []
        if proc.returncode != 0 or not made:
            why = (err or b"").decode("utf-8", "replace").strip().splitlines()
            raise DocumentError("LibreOffice could not convert the document"
                                + (f": {why[-1][:200]}" if why else " (damaged or not a "
                                   "Word/WPS file)"))
        return made[0].read_bytes()


def _limits() -> None:
    import resource
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def _kill(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    proc.wait()


def read_legacy(data: bytes, *, name: str | None = None,
                time_limit: float = TIME_LIMIT) -> Document:
    from govlake.documents.docx import read_docx

    # a Kingsoft .wps is the binary Word format in an OLE file: LibreOffice reads it as .doc
    docx = convert(data, suffix=".doc", to="docx", time_limit=min(time_limit, TIME_LIMIT))
    doc = read_docx(docx)
    doc.kind = "doc"
    doc.reader = "LibreOffice → docx XML"
    return doc
