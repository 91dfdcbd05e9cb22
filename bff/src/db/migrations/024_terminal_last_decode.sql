-- The register of terminals shows each terminal's last decode (GET /api/v1/staff/terminals): MAX(decoded_at) of one
-- terminal is then a lookup at the end of this index, not a scan of every person's usage log.
CREATE INDEX evoucher_decodes_terminal ON evoucher_decodes (terminal_id, decoded_at);
