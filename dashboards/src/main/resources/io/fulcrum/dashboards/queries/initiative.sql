-- What is this initiative: title, owner, status, start, ramp-up, target KPIs?
SELECT initiative_id, title, owner, status, target_kpi_ids, start_time, end_time, ramp_up_millis
FROM initiatives_latest
WHERE initiative_id = {initiative_id:String}
