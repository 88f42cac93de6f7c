"""A local replica of the portal: deterministic content, every quirk and fault of the dossier."""
