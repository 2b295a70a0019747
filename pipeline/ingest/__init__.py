"""Reading input files into source text: plain text in any supported encoding, and PDF."""
