"""Every write of work resumption goes through these functions (views, API, commands).

Split by sub-domain: `projects` (registry, status transitions, targets, contacts),
`commitments` (checklists, filing, routing, verification, revocation, concerns),
`reports` (daily reports, unlocks, missing reports). Import from the submodules.
"""
