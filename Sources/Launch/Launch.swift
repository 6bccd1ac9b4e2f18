// Launch target.
