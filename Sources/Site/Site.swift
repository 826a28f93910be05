// Site module: see docs/architecture.md.
