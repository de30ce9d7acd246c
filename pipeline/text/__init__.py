"""Text processing: bytes to text, normalization, sentences and words, numbers."""
