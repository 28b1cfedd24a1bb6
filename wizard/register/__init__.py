"""The property register brought in: ``huskurage import DIR FILE`` (issue 14). No Textual.

- ``table.py``    the file read as rows of text: CSV (any delimiter Excel writes; UTF-8 with or without
                  BOM, UTF-16, cp1252) or XLSX (python-calamine, imported only here); formulas and macros refused
- ``columns.py``  which column is which, by its Swedish or English header
- ``merging.py``  the rows checked and merged into the portfolio's buildings: keyed by building id and entrance,
                  so a second import of the same file changes nothing; an entrance the file lacks is reported, kept

Every refusal is a :class:`RegisterError` naming the row and the column, and
nothing is written: the command saves only once all rows were read and merged.
"""

from wizard.register.table import RegisterError

__all__ = ["RegisterError"]
