-- What are a KPI's values for one object, window by window (the latest revision of each window)?
SELECT object_type, object_id, window_start, window_end, value, sample_count, revision
FROM kpi_values_latest
WHERE kpi_id = {kpi_id:String} AND object_type = {object_type:String} AND object_id = {object_id:String}
ORDER BY window_start
