"""The engine around WeasyPrint: the layout filled and set, with briefpdf's typography."""
