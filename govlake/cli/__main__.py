"""`python -m govlake.cli …` (the tests run the command this way)."""

import sys

from govlake.cli import main

sys.exit(main())
