-- +goose Up
-- Throttle rows whose key holds a NUL byte (an e-mail with NUL typed at
-- sign-in, stored before such input was refused) cannot be restored into
-- PostgreSQL; they are short-lived bookkeeping, so drop them.
DELETE FROM login_failures WHERE instr(key, char(0)) > 0;

-- +goose Down
SELECT 1;
