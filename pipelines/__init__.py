"""Item pipelines: normalisation, files and storage. They never parse HTML."""
