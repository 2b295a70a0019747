"""PDF ingest tests: PDFs built with reportlab during the run (build.py) from cases.yaml."""
