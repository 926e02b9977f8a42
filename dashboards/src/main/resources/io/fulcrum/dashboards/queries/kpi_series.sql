-- What are a KPI's values per object and window (the latest revision of each window)?
SELECT object_type, object_id, window_start, window_end, value, sample_count, revision
FROM kpi_values_latest
WHERE kpi_id = {kpi_id:String}
ORDER BY object_type, object_id, window_start
