-- What are a KPI's values per object and window (the latest revision of each window), for its first objects in
-- (object_type, object_id) order? The limit keeps a KPI over many thousands of objects readable and in memory.
SELECT object_type, object_id, window_start, window_end, value, sample_count, revision
FROM kpi_values_latest
WHERE kpi_id = {kpi_id:String}
  AND (object_type, object_id) IN
      (
          SELECT DISTINCT object_type, object_id
          FROM kpi_values_latest
          WHERE kpi_id = {kpi_id:String}
          ORDER BY object_type, object_id
          LIMIT {max_objects:UInt32}
      )
ORDER BY object_type, object_id, window_start
