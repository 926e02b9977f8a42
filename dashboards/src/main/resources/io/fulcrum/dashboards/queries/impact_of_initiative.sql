-- What effect did an initiative have, per KPI, scope, object and estimation method (latest estimates)?
SELECT kpi_id, scope, object_type, object_id, method, pre_mean, post_mean, absolute_effect, relative_effect,
       interval_lower, interval_upper, interval_level, p_value, control_count, verdict, revision
FROM impact_estimates_latest
WHERE initiative_id = {initiative_id:String}
ORDER BY kpi_id, scope = 'OBJECT', object_type, object_id, method
