-- +goose Up
-- PostgreSQL text cannot hold a NUL byte, so there is nothing to clean
-- here; the version exists so both engines keep the same migrations.
SELECT 1;

-- +goose Down
SELECT 1;
