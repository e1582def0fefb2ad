"""Excel imports of work-resumption data (项目清单导入).

`reading` opens an uploaded .xlsx safely and maps tolerant headers; `projects` validates a
project list row by row into a plan (every error with its row and column) and commits a
plan through the services, all or nothing; `storage` keeps an upload between preview and
commit; `template` writes the downloadable template.
"""
