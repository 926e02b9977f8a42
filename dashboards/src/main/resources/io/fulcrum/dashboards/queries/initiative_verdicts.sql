-- What is each initiative's latest verdict and effect per target KPI and method, for its treated group?
-- An initiative without estimates yet shows once, with NULL estimate columns. The treated group's estimate is
-- taken where there is one; an initiative on a single object has only that object's. Withdrawn estimates
-- (cancelled initiatives) are left out.
SELECT i.initiative_id AS initiative_id, i.title AS title, i.owner AS owner, i.status AS status,
       i.start_time AS start_time, e.kpi_id AS kpi_id, e.method AS method, e.absolute_effect AS absolute_effect,
       e.relative_effect AS relative_effect, e.p_value AS p_value, e.verdict AS verdict
FROM initiatives_latest AS i
LEFT JOIN
(
    SELECT initiative_id, kpi_id, method, absolute_effect, relative_effect, p_value, verdict
    FROM impact_estimates_latest
    WHERE NOT withdrawn
    ORDER BY scope = 'TREATED_GROUP' DESC, object_type, object_id
    LIMIT 1 BY initiative_id, kpi_id, method
) AS e ON e.initiative_id = i.initiative_id
ORDER BY start_time, initiative_id, kpi_id, method
SETTINGS join_use_nulls = 1
