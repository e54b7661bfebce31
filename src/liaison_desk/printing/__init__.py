"""PDF documents with reportlab: notices, boards, registers and cards; Chinese fonts embedded."""
