// Pipeline module: the import path.
