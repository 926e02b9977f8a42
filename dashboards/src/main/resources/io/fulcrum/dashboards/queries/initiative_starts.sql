-- Which initiatives target a KPI, and when did they start?
SELECT initiative_id, title, start_time, ramp_up_millis
FROM initiatives_latest
WHERE has(target_kpi_ids, {kpi_id:String})
ORDER BY start_time, initiative_id
