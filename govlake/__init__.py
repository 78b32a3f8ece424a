"""govlake: government information-disclosure reports → clean numbers."""
