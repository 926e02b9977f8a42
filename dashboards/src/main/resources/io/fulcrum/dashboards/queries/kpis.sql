-- Which KPIs have values, over how many objects and windows, up to when?
SELECT kpi_id,
       uniqExact(object_type, object_id) AS objects,
       count() AS windows,
       max(window_end) AS latest_window_end
FROM kpi_values_latest
GROUP BY kpi_id
ORDER BY kpi_id
