"""Developer tools: scripts run by hand from a checkout, never by the app."""
