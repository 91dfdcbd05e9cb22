-- Every manual case has a clock (domain/answers.ts caseTimeLimitDays): cases submitted before that rule kept no time
-- limit when their guide said 即时办结 or stated none, so they had no due date and counted as on time whenever they
-- were decided (001 §6.2 按时办结率). 即时办结 items get 0 (due the day the clock starts), the others the agency's
-- default of 10 working days (AGENCY_DEFAULT_TIME_LIMIT_DAYS; a region configured otherwise can correct its rows).
UPDATE applications SET time_limit_days = 0
  WHERE handling_mode = 'manual' AND time_limit_days IS NULL
    AND item_id IN ('relation-transfer-out', 'offsite-care-filing', 'chronic-disease-filing', 'long-term-offsite-filing', 'employee-termination', 'two-diseases-filing');
UPDATE applications SET time_limit_days = 10 WHERE handling_mode = 'manual' AND time_limit_days IS NULL;
