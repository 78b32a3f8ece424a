"""Assets, one module per lake layer."""
