"""Posts as text: reading files and front matter, batch records, shared units (URLs, hashtags,
mentions), folding and term matching, and the optional NLP pipeline."""
