"""Cross-cutting infrastructure: settings helpers, base models, the permission
chokepoint, htmx helpers and test personas. No domain models live here."""
