"""Resources: where the lake lives. Assets get paths only through the Lake object."""

import dagster as dg

from govlake.lake import Lake, default_root


class LakeResource(dg.ConfigurableResource):
    """The lake root (a local directory today; see govlake.lake for the layout)."""

    root: str = str(default_root())

    def lake(self) -> Lake:
        return Lake.at(self.root).ensure()


class ClockResource(dg.ConfigurableResource):
    """Today's date for deadline checks; set `today` (ISO date) to move time in tests."""

    today: str | None = None

    def date(self):
        import datetime as dt
        import os

        value = self.today or os.environ.get("GOVLAKE_TODAY")
        return dt.date.fromisoformat(value) if value else dt.date.today()
