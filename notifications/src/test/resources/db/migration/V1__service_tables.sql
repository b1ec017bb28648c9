-- Stands in for a service's own first migration (schema public, Spring Boot's default location).
CREATE TABLE referral (id uuid PRIMARY KEY, status varchar(20) NOT NULL);
