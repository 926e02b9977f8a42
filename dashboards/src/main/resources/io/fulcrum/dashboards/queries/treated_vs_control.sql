-- How did a KPI move for an initiative's treated objects compared with its control objects? The mean value per
-- window of each group (latest revisions). Treated objects are the ones the scope names explicitly; objects in
-- scope through a selector only are not resolved here.
WITH
    (
        SELECT (arrayMap(o -> (JSONExtractString(o, 'type'), JSONExtractString(o, 'id')),
                         JSONExtractArrayRaw(scope_json, 'objects')),
                arrayMap(o -> (JSONExtractString(o, 'type'), JSONExtractString(o, 'id')),
                         JSONExtractArrayRaw(control_objects_json)))
        FROM initiatives_latest
        WHERE initiative_id = {initiative_id:String}
    ) AS groups
SELECT if(has(groups.1, (object_type, object_id)), 'treated', 'control') AS object_group,
       window_start,
       avg(value) AS mean_value,
       count() AS objects
FROM kpi_values_latest
WHERE kpi_id = {kpi_id:String}
  AND (has(groups.1, (object_type, object_id)) OR has(groups.2, (object_type, object_id)))
GROUP BY object_group, window_start
ORDER BY object_group DESC, window_start
