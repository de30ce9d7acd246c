"""One module per kind of fact; each exposes `extract(doc) -> list[Fact]`, a pure function."""
