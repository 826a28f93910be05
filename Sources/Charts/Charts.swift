// Charts module: see docs/architecture.md.
import CCairo
import CPangoCairo
