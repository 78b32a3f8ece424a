"""The pipeline fingerprint covers every module that turns a page into facts: a change to
any of them must make the work cache process the pages again."""

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO, SAMPLES

# loaded on the way, but they decide where and how bytes are stored, not what comes out
NOT_SHAPING_OUTPUT = {"__init__.py", "atomic.py", "fingerprint.py", "storage.py", "testhooks.py"}

_LOADED = """
import json, sys
from pathlib import Path
from govlake.pipeline import SourceRef, clean_snapshot, parse_cleaned
rec = clean_snapshot(Path(sys.argv[1]).read_bytes(), SourceRef(filename="page.html"))
parse_cleaned(rec, None)
print(json.dumps(sorted(m.__file__ for name, m in list(sys.modules.items())
                        if name.startswith("govlake") and getattr(m, "__file__", None))))
"""


def test_every_module_a_page_goes_through_is_fingerprinted():
    from govlake.fingerprint import _PARTS, _PKG

    page = sorted(SAMPLES.glob("002_*.html"))[0]
    out = subprocess.run([sys.executable, "-c", _LOADED, str(page)], cwd=REPO, check=True,
                         capture_output=True, text=True).stdout
    files = [Path(f).resolve().relative_to(_PKG) for f in json.loads(out)]
    assert any(f.name == "xpath_mirrors.py" for f in files)  # the page did go through cleaning
    uncovered = [str(f) for f in files if str(f) not in NOT_SHAPING_OUTPUT
                 and not any(f == Path(p) or Path(p) in f.parents for p in _PARTS)]
    assert uncovered == []
