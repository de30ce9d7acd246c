from pipeline.segment import Document


def extract(doc: Document) -> list:
    return []
