-- Why were records rejected, how many per reason and topic, when first and last, and the latest message?
SELECT reason_code, source_topic, count() AS records, min(failed_at) AS first_failed_at,
       max(failed_at) AS last_failed_at, argMax(reason_message, failed_at) AS latest_message
FROM dead_letters FINAL
GROUP BY reason_code, source_topic
ORDER BY records DESC, reason_code, source_topic
