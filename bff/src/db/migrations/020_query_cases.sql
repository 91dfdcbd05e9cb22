-- A query (查询服务, 001 §5.2.1) is kept in 我的办件 as a case of its own (handling_mode 'query', completed at once),
-- so its answer can be seen again and the service rated (000 §6.1.4.2): the answer as last given, JSON
-- {answeredAt, rows: [{label, value}], note}. Null for every other case.
ALTER TABLE applications ADD COLUMN query_answer_json TEXT;
