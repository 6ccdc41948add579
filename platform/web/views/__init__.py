"""Views of the web interface: thin, one module per concept; the selectors and services do the work."""
