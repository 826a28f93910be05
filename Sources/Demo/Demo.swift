// Demo module: see docs/architecture.md.
