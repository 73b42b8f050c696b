"""Audit published self-evaluations (issue 5): read TXT/DOCX/PDF/XLSX made elsewhere, extract
their facts and indicator rows, build a draft evaluation and check every figure.

Stages, each ``f(input) -> (output, issues)``:

``read``     file -> :class:`~jixiao.audit.document.Document` (paragraphs and tables, with sources)
``detect``   document -> kind, unit, year
``facts``    document -> facts (key, value as printed, unit, subject, source)
``tables``   document -> fund rows and indicator rows, whatever the layout
``checks``   facts + rows -> document-level issues (A-* codes, docs/audit.md)
``draft``    facts + rows -> a draft :class:`~jixiao.model.Evaluation` for the rule catalogue

The public entry points are :func:`jixiao.audit.run.audit_file` and
:func:`jixiao.audit.batch.audit_paths`.
"""
