"""Qt-free domain code: models, services, reports, import/export. Nothing here imports Qt."""
