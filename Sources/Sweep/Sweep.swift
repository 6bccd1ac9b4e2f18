// Sweep target.
