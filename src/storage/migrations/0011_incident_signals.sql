-- what the handler found at classification that starts the 2026 rule set's clocks: signs of harm
-- to national security or public order (NĐ 331/2026 Điều 31.2.d), personal data involved
-- (Luật 91/2025 Điều 23)
ALTER TABLE incidents ADD COLUMN security_signs_at BIGINT;
ALTER TABLE incidents ADD COLUMN personal_data_at BIGINT;
