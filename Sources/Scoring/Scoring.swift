// Scoring module: see docs/architecture.md.
