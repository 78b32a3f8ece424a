"""OFD (GB/T 33190, China's fixed-layout format): recognised, recorded as unsupported.

Why not read: the one maintained PyPI reader, easyofd (20260427), imports PyMuPDF
(AGPL) at import time and unpacks the container without size or ratio bounds; using
it would bind the lake's licence and give a zip bomb a way in. Until a reader that
passes both is written on ingest/inflate.bounded_zip_read (an OFD is a zip of XML
pages whose text objects carry their positions), an OFD report is kept, sniffed as
`ofd`, and recorded with this reason instead of being read as garbage.
"""

from __future__ import annotations

from govlake.documents.model import Document, DocumentError

REASON = ("OFD is not read yet: the maintained reader (easyofd) needs PyMuPDF (AGPL) and "
          "unpacks without bounds; the file is kept, publish-side PDF or Word copies are read")


def read_ofd(data: bytes) -> Document:
    raise DocumentError(REASON)
